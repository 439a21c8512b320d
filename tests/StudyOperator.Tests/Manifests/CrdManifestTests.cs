using System.Text.Json.Nodes;
using StudyOperator.Manifests;
using StudyOperator.Yaml;

namespace StudyOperator.Tests.Manifests;

public sealed class CrdManifestTests
{
    private static readonly string Generated = YamlWriter.Write(CrdGenerator.Generate());

    [Fact]
    public void Committed_crd_is_exactly_what_the_api_types_generate()
    {
        var committed = File.ReadAllText(RepositoryRoot.File("config", "crd", CrdGenerator.FileName));
        Assert.True(committed == Generated, "config/crd is out of date with the API types: run `make manifests`.");
    }

    [Fact]
    public void Helm_chart_carries_a_byte_identical_copy_of_the_crd()
    {
        var config = File.ReadAllBytes(RepositoryRoot.File("config", "crd", CrdGenerator.FileName));
        var chart = File.ReadAllBytes(RepositoryRoot.File("charts", "study-operator", "files", "crds", CrdGenerator.FileName));
        Assert.True(config.AsSpan().SequenceEqual(chart), "charts/study-operator/files/crds differs from config/crd: run `make manifests`.");
    }

    [Fact]
    public void Generated_yaml_reads_back_as_the_generated_object()
    {
        var parsed = Assert.Single(YamlDocuments.Parse(Generated));
        Assert.True(JsonNode.DeepEquals(CrdGenerator.Generate(), parsed));
    }

    [Fact]
    public void Crd_names_the_api_as_designed()
    {
        var crd = CrdGenerator.Generate();
        Assert.Equal("studylabs.labs.study.dev", (string?)crd["metadata"]!["name"]);
        var spec = crd["spec"]!;
        Assert.Equal("labs.study.dev", (string?)spec["group"]);
        Assert.Equal("Namespaced", (string?)spec["scope"]);
        var names = spec["names"]!;
        Assert.Equal("StudyLab", (string?)names["kind"]);
        Assert.Equal("studylabs", (string?)names["plural"]);
        Assert.Equal(["sl"], names["shortNames"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(["study"], names["categories"]!.AsArray().Select(n => (string?)n));
        var version = Assert.Single(spec["versions"]!.AsArray())!;
        Assert.Equal("v1alpha1", (string?)version["name"]);
        Assert.NotNull(version["subresources"]!["status"]);
    }

    [Fact]
    public void Printer_columns_show_phase_step_ready_recovery_balance_failover_and_age()
    {
        var version = CrdGenerator.Generate()["spec"]!["versions"]![0]!;
        var columns = version["additionalPrinterColumns"]!.AsArray().Select(c => (string?)c!["name"]);
        Assert.Equal(["Phase", "Step", "Ready", "Recovery", "Balance", "Failover", "Age"], columns);
    }

    [Fact]
    public void Every_field_has_a_description_for_kubectl_explain()
    {
        var root = CrdGenerator.Generate()["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject();
        var missing = new List<string>();
        Walk(root, "", missing);
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("spec.app.replicas", 1, 10)]
    [InlineData("spec.traffic.requestsPerSecond", 0, 100)]
    [InlineData("spec.service.port", 1, 65535)]
    public void Bounded_fields_carry_their_bounds(string path, long minimum, long maximum)
    {
        var schema = SchemaAt(path);
        Assert.Equal(minimum, (long?)schema["minimum"]);
        Assert.Equal(maximum, (long?)schema["maximum"]);
    }

    [Fact]
    public void Steps_are_required_and_a_step_needs_only_its_type()
    {
        Assert.Equal(["steps"], SchemaAt("spec")["required"]!.AsArray().Select(n => (string?)n));
        var step = SchemaAt("spec.steps")["items"]!;
        Assert.Equal(["type"], step["required"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(["SelfHealing", "LoadBalancing", "Failover"], step["properties"]!["type"]!["enum"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public void Optional_sections_default_to_empty_objects_so_inner_defaults_apply()
    {
        foreach (var section in new[] { "spec.app", "spec.service", "spec.traffic" })
        {
            Assert.Equal("{}", SchemaAt(section)["default"]?.ToJsonString());
        }

        Assert.Null(SchemaAt("status")["default"]);
    }

    private static JsonObject SchemaAt(string path)
    {
        JsonNode node = CrdGenerator.Generate()["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!;
        foreach (var part in path.Split('.'))
        {
            node = node["properties"]![part]!;
        }

        return node.AsObject();
    }

    private static void Walk(JsonObject schema, string path, List<string> missing)
    {
        if (schema["description"] is null)
        {
            missing.Add(path.Length == 0 ? "<root>" : path);
        }

        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in properties)
            {
                Walk(child!.AsObject(), path.Length == 0 ? name : $"{path}.{name}", missing);
            }
        }

        if (schema["items"] is JsonObject { } items && (string?)items["type"] == "object")
        {
            Walk(items, path + "[]", missing);
        }
    }
}
