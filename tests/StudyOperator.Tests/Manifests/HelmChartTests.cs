using System.Text.Json.Nodes;
using StudyOperator.Manifests;
using StudyOperator.Yaml;

namespace StudyOperator.Tests.Manifests;

public sealed class HelmChartTests
{
    private const string Chart = "charts/study-operator";

    [Fact]
    public void The_chart_lints_clean()
    {
        var (code, output, error) = Helm.Run("lint", Chart, "--strict");
        Assert.True(code == 0, output + error);
    }

    [Fact]
    public void The_chart_renders_exactly_the_generated_crd()
    {
        var (code, output, error) = Helm.Run("template", "labs", Chart);
        Assert.True(code == 0, error);
        var crd = Assert.Single(YamlDocuments.Parse(output), d => (string?)d["kind"] == "CustomResourceDefinition");
        Assert.True(JsonNode.DeepEquals(CrdGenerator.Generate(), crd));
    }

    [Fact]
    public void The_crd_can_be_left_out()
    {
        var (code, output, _) = Helm.Run("template", "labs", Chart, "--set", "crds.install=false");
        Assert.Equal(0, code);
        Assert.DoesNotContain(YamlDocuments.Parse(output), d => (string?)d["kind"] == "CustomResourceDefinition");
    }

    [Fact]
    public void Unknown_values_are_rejected_by_the_values_schema()
    {
        var (code, _, error) = Helm.Run("template", "labs", Chart, "--set", "replicas=3");
        Assert.NotEqual(0, code);
        Assert.Contains("Additional property replicas is not allowed", error, StringComparison.Ordinal);
    }
}
