using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Controllers.Workloads;

namespace StudyOperator.Sandbox.Tests.Workloads;

public sealed class PodTemplateHashTests
{
    private static JsonNode Template(string image) => JsonNode.Parse($$$"""{"metadata":{"labels":{"app":"a","tier":"b"}},"spec":{"containers":[{"name":"c","image":"{{{image}}}"}]}}""")!;

    [Fact]
    public void SafeEncode_maps_each_digit_into_the_vowel_free_alphabet_as_apimachinery_does()
    {
        // '0' is 48, 48 % 27 = 21 -> '4'; '9' is 57, 57 % 27 = 3 -> 'f'.
        Assert.Equal("4f", PodTemplateHash.SafeEncode("09"));
    }

    [Fact]
    public void The_hash_is_stable_independent_of_key_order_and_changes_with_template_or_collision_count()
    {
        var a = PodTemplateHash.Compute(Template("nginx"), null);
        var reordered = JsonNode.Parse("""{"spec":{"containers":[{"image":"nginx","name":"c"}]},"metadata":{"labels":{"tier":"b","app":"a"}}}""");
        Assert.Equal(a, PodTemplateHash.Compute(reordered, null));
        Assert.Matches("^[bcdfghjklmnpqrstvwxz2456789]{1,10}$", a);
        Assert.NotEqual(a, PodTemplateHash.Compute(Template("nginx:2"), null));
        Assert.NotEqual(a, PodTemplateHash.Compute(Template("nginx"), 1));
        Assert.NotEqual(PodTemplateHash.Compute(Template("nginx"), 1), PodTemplateHash.Compute(Template("nginx"), 2));
    }

    [Theory]
    [InlineData("25%", 4, true, 1)]
    [InlineData("25%", 3, true, 1)]
    [InlineData("25%", 3, false, 0)]
    [InlineData("50%", 5, false, 2)]
    [InlineData("2", 10, false, 2)]
    public void Percentages_scale_with_the_rounding_of_intstr(string value, long total, bool roundUp, long expected) =>
        Assert.Equal(expected, IntOrPercent.Scaled(JsonValue.Create(value), total, roundUp));

    [Fact]
    public void Templates_compare_semantically_ignoring_the_hash_label_nulls_and_empty_objects()
    {
        var stored = JsonNode.Parse("""{"metadata":{"labels":{"app":"a","pod-template-hash":"x"}},"spec":{"containers":[{"name":"c","image":"i"}]}}""");
        var viaGo = JsonNode.Parse("""{"metadata":{"creationTimestamp":null,"labels":{"app":"a"}},"spec":{"containers":[{"name":"c","image":"i","resources":{}}]}}""");
        Assert.True(DeploymentController.EqualIgnoreHash(stored, viaGo));
        Assert.False(DeploymentController.EqualIgnoreHash(stored, Template("i")));
    }
}
