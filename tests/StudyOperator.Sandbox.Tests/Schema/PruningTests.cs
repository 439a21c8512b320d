using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Schema;

namespace StudyOperator.Sandbox.Tests.Schema;

public sealed class PruningTests
{
    private static readonly StructuralSchema Schema = StructuralSchema.Parse(Json.Parse("""
        {'type':'object','properties':{'spec':{'type':'object','properties':{
          'app':{'type':'object','properties':{'replicas':{'type':'integer'}}},
          'steps':{'type':'array','items':{'type':'object','properties':{'type':{'type':'string'}}}},
          'labels':{'type':'object','additionalProperties':{'type':'object','properties':{'v':{'type':'string'}}}},
          'free':{'type':'object','x-kubernetes-preserve-unknown-fields':true,'properties':{'known':{'type':'object','properties':{'a':{'type':'string'}}}}},
          'template':{'type':'object','x-kubernetes-embedded-resource':true,'properties':{'spec':{'type':'object','properties':{'x':{'type':'string'}}}}},
          'opaque':{'type':'object'}}},
          'status':{'type':'object','properties':{'phase':{'type':'string'}}}}}
        """));

    private static (JsonNode Value, IReadOnlyList<string> Pruned) Pruned(string json)
    {
        var value = Json.Parse(json);
        return (value, Schema.Prune(value));
    }

    [Fact]
    public void Unknown_fields_are_removed_and_reported()
    {
        var (value, pruned) = Pruned("{'spec':{'foo':1,'app':{'replicas':2,'bar':true}}}");
        Assert.Equal(["spec.app.bar", "spec.foo"], pruned);
        Assert.True(JsonNode.DeepEquals(Json.Parse("{'spec':{'app':{'replicas':2}}}"), value));
    }

    [Fact]
    public void Array_items_and_map_values_are_pruned_with_their_paths()
    {
        var (value, pruned) = Pruned("{'spec':{'steps':[{'type':'A'},{'type':'B','zzz':1}],'labels':{'k':{'v':'1','w':'2'}}}}");
        Assert.Equal(["spec.labels.k.w", "spec.steps[1].zzz"], pruned);
        Assert.Null(value["spec"]!["steps"]![1]!["zzz"]);
    }

    [Fact]
    public void Root_type_meta_and_metadata_are_kept_untouched()
    {
        var (value, pruned) = Pruned("{'apiVersion':'v1','kind':'K','metadata':{'name':'n','weird':1},'other':2}");
        Assert.Equal(["other"], pruned);
        Assert.Equal(1, (int)value["metadata"]!["weird"]!);
    }

    [Fact]
    public void Preserve_unknown_fields_keeps_unknowns_but_prunes_known_subtrees()
    {
        var (value, pruned) = Pruned("{'spec':{'free':{'anything':{'deep':1},'known':{'a':'x','b':'y'}}}}");
        Assert.Equal(["spec.free.known.b"], pruned);
        Assert.Equal(1, (int)value["spec"]!["free"]!["anything"]!["deep"]!);
    }

    [Fact]
    public void Embedded_resources_keep_their_type_meta_and_metadata()
    {
        var (value, pruned) = Pruned("{'spec':{'template':{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},'spec':{'x':'1','y':'2'},'extra':1}}}");
        Assert.Equal(["spec.template.extra", "spec.template.spec.y"], pruned);
        Assert.Equal("Pod", (string)value["spec"]!["template"]!["kind"]!);
        Assert.Equal("p", (string)value["spec"]!["template"]!["metadata"]!["name"]!);
    }

    [Fact]
    public void An_object_without_properties_keeps_nothing()
    {
        var (value, pruned) = Pruned("{'spec':{'opaque':{'a':1,'b':2}}}");
        Assert.Equal(["spec.opaque.a", "spec.opaque.b"], pruned);
        Assert.Empty(value["spec"]!["opaque"]!.AsObject());
    }

    [Fact]
    public void Pruning_then_pruning_again_reports_nothing()
    {
        var random = new Random(7);
        for (var n = 0; n < 200; n++)
        {
            var value = DefaultingTests.RandomSpec(random);
            Schema.Prune(value);
            Assert.Empty(Schema.Prune(value));
            Assert.DoesNotContain(Schema.Validate(value), e => e.Message.Contains("forbidden property", StringComparison.Ordinal));
        }
    }
}
