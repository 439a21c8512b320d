using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.CustomResources;
using StudyOperator.Sandbox.Selectors;
using StudyOperator.Sandbox.Strategies;

namespace StudyOperator.Sandbox.Tests.Unit;

public sealed class SelectorTests
{
    private static JsonObject Labels(string json) => JsonNode.Parse(json)!.AsObject();

    [Theory]
    [InlineData("a=1", true)]
    [InlineData("a==1", true)]
    [InlineData("a!=1", false)]
    [InlineData("a in (1,2)", true)]
    [InlineData("a notin (1,2)", false)]
    [InlineData("missing notin (1)", true)]
    [InlineData("a", true)]
    [InlineData("!a", false)]
    [InlineData("!missing", true)]
    [InlineData("a=1,b=2", true)]
    [InlineData("a=1,b=3", false)]
    public void Label_selector_grammar(string selector, bool matches) =>
        Assert.Equal(matches, LabelSelector.Parse(selector).Matches(Labels("""{"a":"1","b":"2"}""")));

    [Fact]
    public void Selector_objects_combine_matchLabels_and_expressions()
    {
        var selector = LabelSelector.FromObject(Labels("""{"matchLabels":{"a":"1"},"matchExpressions":[{"key":"b","operator":"In","values":["2","3"]},{"key":"c","operator":"DoesNotExist"}]}"""));
        Assert.True(selector.Matches(Labels("""{"a":"1","b":"3"}""")));
        Assert.False(selector.Matches(Labels("""{"a":"1","b":"3","c":"x"}""")));
    }

    [Fact]
    public void Malformed_selectors_are_400()
    {
        Assert.Equal(400, Assert.Throws<ApiException>(() => LabelSelector.Parse("a in 1")).Code);
        Assert.Equal(400, Assert.Throws<ApiException>(() => FieldSelector.Parse("metadata.name")).Code);
    }

    [Fact]
    public void JsonPath_subset_of_printer_columns()
    {
        var obj = JsonNode.Parse("""{"status":{"conditions":[{"type":"Ready","status":"True"},{"type":"Synced","status":"False"}]},"spec":{"list":[1,2,3],"m":{"k.x":"v"}}}""");
        Assert.Equal("True", JsonPathExpression.Evaluate(obj, ".status.conditions[?(@.type==\"Ready\")].status").Single()!.ToString());
        Assert.Equal("3", JsonPathExpression.Evaluate(obj, ".spec.list[-1]").Single()!.ToString());
        Assert.Equal(3, JsonPathExpression.Evaluate(obj, ".spec.list[*]").Count);
        Assert.Equal("v", JsonPathExpression.Evaluate(obj, ".spec.m['k.x']").Single()!.ToString());
        Assert.Empty(JsonPathExpression.Evaluate(obj, ".spec.absent"));
        Assert.Empty(JsonPathExpression.Evaluate(obj, ".spec.list[7]"));
    }

    [Theory]
    [InlineData(5, "5s")]
    [InlineData(119, "119s")]
    [InlineData(150, "2m30s")]
    [InlineData(600, "10m")]
    [InlineData(3 * 3600 + 60, "3h1m")]
    [InlineData(30 * 3600, "30h")]
    [InlineData(3 * 86400 + 3600, "3d1h")]
    [InlineData(20 * 86400, "20d")]
    public void Ages_render_like_apimachinery(int seconds, string expected) => Assert.Equal(expected, Durations.Human(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Versions_sort_by_kubernetes_priority()
    {
        var versions = new List<string> { "v1alpha1", "v2beta1", "foo", "v1", "v1beta2", "v2" };
        versions.Sort(KubeVersionComparer.Instance);
        Assert.Equal(["v2", "v1", "v2beta1", "v1beta2", "v1alpha1", "foo"], versions);
    }

    [Fact]
    public void Proxy_targets_parse_scheme_name_and_port()
    {
        Assert.Equal(("", "web", ""), ProxyHandler.ParseTarget("web"));
        Assert.Equal(("https", "web", ""), ProxyHandler.ParseTarget("https:web"));
        Assert.Equal(("", "web", "8080"), ProxyHandler.ParseTarget("web:8080"));
        Assert.Equal(("http", "web", "metrics"), ProxyHandler.ParseTarget("http:web:metrics"));
    }

    [Fact]
    public void Accept_negotiation_picks_tables_and_refuses_non_json()
    {
        Assert.Equal(OutputFormat.Table, MediaTypes.Negotiate("application/json;as=Table;v=v1;g=meta.k8s.io,application/json"));
        Assert.Equal(OutputFormat.Object, MediaTypes.Negotiate("application/json;as=Table;v=v9;g=other,application/json"));
        Assert.Equal(OutputFormat.Object, MediaTypes.Negotiate(null));
        Assert.Equal(406, Assert.Throws<ApiException>(() => MediaTypes.Negotiate("application/yaml")).Code);
        Assert.Equal("merge", MediaTypes.PatchType("application/merge-patch+json; charset=utf-8"));
    }
}
