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

    private static JsonNode Rendered(string kind, params string[] set)
    {
        var args = new List<string> { "template", "labs", Chart, "--namespace", "study-system" };
        foreach (var value in set)
        {
            args.AddRange(["--set", value]);
        }

        var (code, output, error) = Helm.Run([.. args]);
        Assert.True(code == 0, error);
        return Assert.Single(YamlDocuments.Parse(output), d => (string?)d["kind"] == kind);
    }

    [Fact]
    public void The_operator_pod_meets_the_restricted_profile_and_probes_health_and_readiness()
    {
        var pod = Rendered("Deployment")["spec"]!["template"]!["spec"]!;
        Assert.True((bool?)pod["securityContext"]!["runAsNonRoot"]);
        Assert.Equal("RuntimeDefault", (string?)pod["securityContext"]!["seccompProfile"]!["type"]);
        var container = pod["containers"]![0]!;
        Assert.False((bool?)container["securityContext"]!["allowPrivilegeEscalation"]);
        Assert.True((bool?)container["securityContext"]!["readOnlyRootFilesystem"]);
        Assert.Equal("ALL", (string?)container["securityContext"]!["capabilities"]!["drop"]![0]);
        Assert.Equal("/healthz", (string?)container["livenessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/readyz", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
        Assert.NotNull(container["resources"]!["limits"]);
        Assert.Equal("study-operator:dev", (string?)container["env"]!.AsArray().Single(e => (string?)e!["name"] == "OPERATOR_IMAGE")!["value"]);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void Leader_election_is_on_exactly_when_more_than_one_replica_runs(int replicas, bool elect)
    {
        var args = Rendered("Deployment", $"replicaCount={replicas}")["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]!.AsArray().Select(a => (string?)a);
        Assert.Equal(elect, args.Contains("--leader-elect"));
    }

    [Fact]
    public void Rbac_has_no_wildcards()
    {
        var role = Rendered("ClusterRole");
        foreach (var rule in role["rules"]!.AsArray())
        {
            foreach (var field in new[] { "apiGroups", "resources", "verbs" })
            {
                Assert.DoesNotContain("*", rule![field]!.AsArray().Select(v => (string?)v));
            }
        }
    }

    [Fact]
    public void Unknown_values_are_rejected_by_the_values_schema()
    {
        var (code, _, error) = Helm.Run("template", "labs", Chart, "--set", "replicas=3");
        Assert.NotEqual(0, code);
        Assert.Contains("Additional property replicas is not allowed", error, StringComparison.Ordinal);
    }
}
