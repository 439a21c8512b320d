using System.Text.Json.Nodes;
using StudyOperator.Yaml;

namespace StudyOperator.Tests.Manifests;

public sealed class ConfigManifestTests
{
    private static IReadOnlyList<JsonNode> Kustomized()
    {
        var (code, output, error) = ToolProcess.Run("kubectl", ["kustomize", "config/default"]);
        Assert.True(code == 0, error);
        return YamlDocuments.Parse(output);
    }

    private static string Key(JsonNode o) => $"{o["kind"]}/{o["metadata"]!["namespace"]}/{o["metadata"]!["name"]}";

    [Fact]
    public void Kustomize_default_installs_the_same_objects_as_the_chart()
    {
        var (code, output, error) = Helm.Run("template", "study-operator", "charts/study-operator", "--namespace", "study-system");
        Assert.True(code == 0, error);
        var chart = YamlDocuments.Parse(output).ToDictionary(Key);
        var config = Kustomized().Where(o => (string?)o["kind"] != "Namespace").ToDictionary(Key);

        Assert.Equal(chart.Keys.Order(StringComparer.Ordinal), config.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, obj) in chart)
        {
            Assert.True(JsonNode.DeepEquals(obj, config[key]), $"{key} differs between the chart and config/: run `make manifests`.");
        }
    }

    [Fact]
    public void Kustomize_default_creates_the_operator_namespace_with_the_restricted_profile()
    {
        var ns = Assert.Single(Kustomized(), o => (string?)o["kind"] == "Namespace");
        Assert.Equal("study-system", (string?)ns["metadata"]!["name"]);
        Assert.Equal("restricted", (string?)ns["metadata"]!["labels"]!["pod-security.kubernetes.io/enforce"]);
    }
}
