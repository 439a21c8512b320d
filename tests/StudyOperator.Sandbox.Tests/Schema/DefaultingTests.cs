using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Schema;

namespace StudyOperator.Sandbox.Tests.Schema;

public sealed class DefaultingTests
{
    private static readonly StructuralSchema Schema = StructuralSchema.Parse(Json.Parse("""
        {'type':'object','properties':{'spec':{'type':'object','properties':{
          'app':{'type':'object','properties':{
             'replicas':{'type':'integer','default':3},
             'image':{'type':'string'},
             'probe':{'type':'object','properties':{'enabled':{'type':'boolean','default':true}}}}},
          'service':{'type':'object','default':{},'properties':{'type':{'type':'string','default':'ClusterIP'},'port':{'type':'integer','default':80}}},
          'steps':{'type':'array','items':{'type':'object','properties':{'type':{'type':'string'},'rounds':{'type':'integer','default':1}}}},
          'labels':{'type':'object','additionalProperties':{'type':'string','default':'x'}},
          'note':{'type':'string','nullable':true,'default':'hi'},
          'plain':{'type':'string'}}}}}
        """));

    private static JsonNode Defaulted(string json)
    {
        var value = Json.Parse(json);
        Schema.ApplyDefaults(value);
        return value;
    }

    [Fact]
    public void Absent_fields_get_their_defaults()
    {
        var value = Defaulted("{'spec':{'app':{}}}");
        Assert.Equal(3, (int)value["spec"]!["app"]!["replicas"]!);
    }

    [Fact]
    public void Present_fields_keep_their_values()
    {
        var value = Defaulted("{'spec':{'app':{'replicas':5}}}");
        Assert.Equal(5, (int)value["spec"]!["app"]!["replicas"]!);
    }

    [Fact]
    public void Nested_objects_are_created_only_when_they_have_a_default()
    {
        var value = Defaulted("{'spec':{'app':{}}}");
        Assert.False(value["spec"]!["app"]!.AsObject().ContainsKey("probe"));
        // service has default {} so it is created, and then its own fields are defaulted.
        Assert.True(JsonNode.DeepEquals(Json.Parse("{'type':'ClusterIP','port':80}"), value["spec"]!["service"]));
    }

    [Fact]
    public void Defaults_apply_inside_array_items_and_map_values()
    {
        var value = Defaulted("{'spec':{'steps':[{'type':'A'},{'type':'B','rounds':4}],'labels':{'a':null,'b':'y'}}}");
        Assert.Equal(1, (int)value["spec"]!["steps"]![0]!["rounds"]!);
        Assert.Equal(4, (int)value["spec"]!["steps"]![1]!["rounds"]!);
        Assert.Equal("x", (string)value["spec"]!["labels"]!["a"]!);
        Assert.Equal("y", (string)value["spec"]!["labels"]!["b"]!);
    }

    [Fact]
    public void Null_in_a_non_nullable_field_is_defaulted_or_dropped()
    {
        var value = Defaulted("{'spec':{'app':{'replicas':null,'image':null}}}");
        Assert.Equal(3, (int)value["spec"]!["app"]!["replicas"]!);
        Assert.False(value["spec"]!["app"]!.AsObject().ContainsKey("image"));
    }

    [Fact]
    public void Null_in_a_nullable_field_is_kept()
    {
        var value = Defaulted("{'spec':{'note':null}}");
        Assert.True(value["spec"]!.AsObject().ContainsKey("note"));
        Assert.Null(value["spec"]!["note"]);
        Assert.Equal("hi", (string)Defaulted("{'spec':{}}")["spec"]!["note"]!);
    }

    [Fact]
    public void Defaults_are_copies_not_shared_instances()
    {
        var a = Defaulted("{'spec':{}}");
        a["spec"]!["service"]!["port"] = 1;
        var b = Defaulted("{'spec':{}}");
        Assert.Equal(80, (int)b["spec"]!["service"]!["port"]!);
    }

    [Fact]
    public void Defaulting_is_idempotent()
    {
        var random = new Random(42);
        for (var n = 0; n < 200; n++)
        {
            var value = RandomSpec(random);
            Schema.ApplyDefaults(value);
            var once = value.ToJsonString();
            Schema.ApplyDefaults(value);
            Assert.Equal(once, value.ToJsonString());
        }
    }

    internal static JsonNode RandomSpec(Random random)
    {
        var spec = new JsonObject();
        if (random.Next(2) == 0)
        {
            var app = new JsonObject();
            if (random.Next(2) == 0)
            {
                app["replicas"] = random.Next(3) == 0 ? null : random.Next(20);
            }
            if (random.Next(2) == 0)
            {
                app["extra"] = "unknown";
            }
            spec["app"] = app;
        }
        if (random.Next(2) == 0)
        {
            var steps = new JsonArray();
            for (var i = random.Next(4); i > 0; i--)
            {
                steps.Add(new JsonObject { ["type"] = "S", ["bogus"] = i });
            }
            spec["steps"] = steps;
        }
        if (random.Next(2) == 0)
        {
            spec["note"] = random.Next(2) == 0 ? null : "n";
        }
        if (random.Next(2) == 0)
        {
            spec["unknownTop"] = new JsonObject { ["a"] = 1 };
        }
        return new JsonObject { ["apiVersion"] = "labs.study.dev/v1alpha1", ["kind"] = "StudyLab", ["metadata"] = new JsonObject { ["name"] = "x" }, ["spec"] = spec };
    }
}
