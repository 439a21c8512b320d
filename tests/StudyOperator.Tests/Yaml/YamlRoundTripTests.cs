using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Xunit;
using StudyOperator.Yaml;

namespace StudyOperator.Tests.Yaml;

public sealed class YamlRoundTripTests
{
    [Property(MaxTest = 2000)]
    public void Any_string_value_survives_writing_and_reading(NonNull<string> text)
    {
        var value = text.Get.Replace("\0", "", StringComparison.Ordinal);
        var written = YamlWriter.Write(new JsonObject { ["key"] = value, ["list"] = new JsonArray(value) });
        var read = Assert.Single(YamlDocuments.Parse(written));
        Assert.Equal(value, (string?)read["key"]);
        Assert.Equal(value, (string?)read["list"]![0]);
    }

    [Theory]
    [InlineData("a\n")]
    [InlineData("a\r\n")]
    [InlineData("a\u2028")]
    [InlineData(" padded ")]
    [InlineData("key: value")]
    [InlineData("# not a comment")]
    [InlineData("007")]
    [InlineData("yes")]
    [InlineData("")]
    public void Strings_that_look_like_something_else_stay_strings(string value)
    {
        var read = Assert.Single(YamlDocuments.Parse(YamlWriter.Write(new JsonObject { ["key"] = value })));
        Assert.Equal(value, (string?)read["key"]);
    }

    [Fact]
    public void Plain_scalars_take_the_core_schema_types()
    {
        var doc = Assert.Single(YamlDocuments.Parse("a: 3\nb: true\nc: ~\nd: \"3\"\ne: v1\nf: -2\ng: 1.5\n"));
        Assert.Equal(3L, (long?)doc["a"]);
        Assert.True((bool?)doc["b"]);
        Assert.Null(doc["c"]);
        Assert.Equal("3", (string?)doc["d"]);
        Assert.Equal("v1", (string?)doc["e"]);
        Assert.Equal(-2L, (long?)doc["f"]);
        Assert.Equal(1.5, (double?)doc["g"]);
    }

    [Fact]
    public void Several_documents_are_read_in_order_and_empty_ones_skipped()
    {
        var docs = YamlDocuments.Parse("a: 1\n---\n---\nb: 2\n");
        Assert.Equal(2, docs.Count);
        Assert.Equal(2L, (long?)docs[1]["b"]);
    }

    [Theory]
    [InlineData("a: [1, 2\n", "line 2")]
    [InlineData("a: 1\na: 2\n", "line 2")]
    public void Malformed_yaml_names_the_problem(string yaml, string expected)
    {
        var error = Assert.Throws<FormatException>(() => YamlDocuments.Parse(yaml, "lab.yaml"));
        Assert.Contains("lab.yaml", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_lists_and_empty_collections_round_trip()
    {
        var node = new JsonObject
        {
            ["empty"] = new JsonObject(),
            ["none"] = new JsonArray(),
            ["nested"] = new JsonArray(new JsonArray(1, 2), new JsonObject { ["x"] = new JsonArray("y") }),
            ["n"] = null,
        };
        var read = Assert.Single(YamlDocuments.Parse(YamlWriter.Write(node)));
        Assert.True(JsonNode.DeepEquals(node, read), read.ToJsonString());
    }
}
