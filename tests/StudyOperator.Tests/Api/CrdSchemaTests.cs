using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Reconciliation;
using StudyOperator.Sandbox.Schema;
using StudyOperator.Tests.Manifests;
using StudyOperator.Yaml;

namespace StudyOperator.Tests.Api;

/// <summary>
/// Admits labs the way the API server does with the committed CRD: prune unknown fields, apply
/// defaults, validate (OpenAPI and CEL rules).
/// </summary>
public sealed class CrdSchemaTests
{
    private static readonly StructuralSchema Schema = StructuralSchema.Parse(
        YamlDocuments.Parse(File.ReadAllText(RepositoryRoot.File("config", "crd", "labs.study.dev_studylabs.yaml")))[0]
            ["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!);

    private static IEnumerable<string> SampleFiles() =>
        Directory.GetFiles(RepositoryRoot.File("config", "samples"), "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal);

    public static TheoryData<string> Samples() => [.. SampleFiles()];

    private static (IReadOnlyList<string> Unknown, IReadOnlyList<FieldError> Errors, JsonNode Admitted) Admit(JsonNode lab)
    {
        var copy = lab.DeepClone();
        var unknown = Schema.Prune(copy);
        Schema.ApplyDefaults(copy);
        return (unknown, Schema.Validate(copy), copy);
    }

    private static JsonNode Minimal(string spec = """{"steps":[{"type":"SelfHealing"}]}""") =>
        JsonNode.Parse($$"""{"apiVersion":"labs.study.dev/v1alpha1","kind":"StudyLab","metadata":{"name":"lab"},"spec":{{spec}}}""")!;

    [Fact]
    public void There_is_a_sample_per_step_type_and_a_full_tour()
    {
        var types = SampleFiles().SelectMany(file => YamlDocuments.Parse(File.ReadAllText(RepositoryRoot.File("config", "samples", file))))
            .SelectMany(lab => lab["spec"]!["steps"]!.AsArray().Select(step => (string)step!["type"]!)).ToHashSet();
        Assert.Equal(Enum.GetNames<StepType>().ToHashSet(), types);
        Assert.Contains("full-tour.yaml", SampleFiles());
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_sample_is_accepted_by_the_crd_schema_and_by_the_operator(string file)
    {
        var documents = YamlDocuments.Parse(File.ReadAllText(RepositoryRoot.File("config", "samples", file)), file);
        Assert.NotEmpty(documents);
        foreach (var lab in documents)
        {
            var (unknown, errors, admitted) = Admit(lab);
            Assert.Empty(unknown);
            Assert.Empty(errors);
            Assert.Null(LabValidation.Check(KubernetesJson.Deserialize<V1Alpha1StudyLab>(admitted.ToJsonString())));
        }
    }

    [Fact]
    public void Only_a_type_is_needed_for_a_step_and_defaults_fill_the_rest()
    {
        var (_, errors, admitted) = Admit(Minimal());
        Assert.Empty(errors);
        Assert.Equal(3L, (long?)admitted["spec"]!["app"]!["replicas"]);
        Assert.Equal("ClusterIP", (string?)admitted["spec"]!["service"]!["type"]);
        Assert.Equal(20L, (long?)admitted["spec"]!["traffic"]!["requestsPerSecond"]);
        Assert.Equal("en", (string?)admitted["spec"]!["language"]);
    }

    [Fact]
    public void A_fully_populated_lab_serialized_by_the_kubernetes_client_is_valid()
    {
        var lab = new V1Alpha1StudyLab
        {
            Metadata = new V1ObjectMeta { Name = "full", NamespaceProperty = "workshop" },
            Spec = new V1Alpha1StudyLabSpec
            {
                App = new() { Image = "study-operator:dev", Replicas = 4, Version = "v2", ReadinessProbe = false, LivenessProbe = true },
                Service = new() { Type = ServiceType.NodePort, Port = 8080, NodePort = 30080 },
                Traffic = new() { RequestsPerSecond = 50 },
                Language = LabLanguage.Korean,
                Steps =
                [
                    new() { Type = StepType.SelfHealing, SelfHealing = new() { PodsPerRound = 2, Rounds = 5, TimeoutSeconds = 60 } },
                    new() { Type = StepType.LoadBalancing, LoadBalancing = new() { Requests = 1000, NewConnectionPerRequest = false, Concurrency = 8 } },
                    new() { Type = StepType.Failover, Failover = new() { ObserveSeconds = 30, RequestsPerSecond = 40, TimeoutSeconds = 90 } },
                ],
            },
            Status = new V1Alpha1StudyLabStatus
            {
                Phase = LabPhase.Succeeded,
                ObservedGeneration = 3,
                Conditions = [new V1Condition { Type = "Ready", Status = "True", Reason = "WorkloadReady", Message = "4/4 pods ready", LastTransitionTime = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), ObservedGeneration = 3 }],
                Workload = new() { Deployment = "full-app", Service = "full", Replicas = 4, ReadyReplicas = 4, Ready = "4/4" },
                CurrentStep = "3/3 Failover",
                Summary = new() { Recovery = "2130ms", Balance = "1.08", Failover = "1840ms" },
                Steps =
                [
                    new() { Type = StepType.SelfHealing, Phase = StepPhase.Succeeded, StartedAt = DateTime.UtcNow, FinishedAt = DateTime.UtcNow, Result = new() { RecoveryMs = [2130, 1980], RecoveryP50Ms = 2055, RecoveryMaxMs = 2130 }, Lesson = "..." },
                    new() { Type = StepType.LoadBalancing, Phase = StepPhase.Succeeded, Result = new() { Requests = 1000, Failed = 0, AnswersPerPod = [new() { Pod = "a", Count = 500, Share = "50.0%" }, new() { Pod = "b", Count = 500, Share = "50.0%" }], Balance = "1.00" } },
                    new() { Type = StepType.Failover, Phase = StepPhase.Failed, Message = "timed out", Result = new() { FaultedPod = "a", DetectionMs = 1840, FailedDuringDetection = 3, FailedAfterDetection = 0 } },
                ],
            },
        };
        var (unknown, errors, _) = Admit(JsonNode.Parse(KubernetesJson.Serialize(lab))!);
        Assert.Empty(unknown);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("""{"app":{"replicas":0},"steps":[{"type":"SelfHealing"}]}""", "spec.app.replicas", "should be greater than or equal to 1")]
    [InlineData("""{"app":{"replicas":11},"steps":[{"type":"SelfHealing"}]}""", "spec.app.replicas", "should be less than or equal to 10")]
    [InlineData("""{"steps":[{"type":"ChaosMonkey"}]}""", "spec.steps[0].type", "Unsupported value: \"ChaosMonkey\"")]
    [InlineData("""{"traffic":{"requestsPerSecond":-5},"steps":[{"type":"SelfHealing"}]}""", "spec.traffic.requestsPerSecond", "greater than or equal to 0")]
    [InlineData("""{"app":{"replicas":3}}""", "spec.steps", "Required value")]
    [InlineData("""{"steps":[]}""", "spec.steps", "should have at least 1 items")]
    [InlineData("""{"steps":[{}]}""", "spec.steps[0].type", "Required value")]
    [InlineData("""{"language":"fr","steps":[{"type":"SelfHealing"}]}""", "spec.language", "supported values: \"en\", \"ko\"")]
    [InlineData("""{"app":{"replicas":1},"steps":[{"type":"Failover"}]}""", "spec.app.replicas", "a Failover step needs app.replicas of at least 2")]
    [InlineData("""{"app":{"replicas":2},"steps":[{"type":"SelfHealing","selfHealing":{"podsPerRound":3}}]}""", "spec.steps", "podsPerRound must not exceed app.replicas")]
    [InlineData("""{"steps":[{"type":"Failover","selfHealing":{}}]}""", "spec.steps[0].selfHealing", "selfHealing parameters belong to a SelfHealing step")]
    [InlineData("""{"service":{"type":"ClusterIP","nodePort":30001},"steps":[{"type":"SelfHealing"}]}""", "spec.service.nodePort", "nodePort can only be set when type is NodePort")]
    public void Invalid_specs_fail_with_a_message_naming_the_field(string spec, string field, string message)
    {
        var (_, errors, _) = Admit(Minimal(spec));
        var error = Assert.Single(errors, e => e.Field == field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_field_is_reported_with_its_path()
    {
        var (unknown, _, _) = Admit(Minimal("""{"steps":[{"type":"SelfHealing","selfhealing":{"rounds":2}}],"replicas":3}"""));
        Assert.Equal(["spec.replicas", "spec.steps[0].selfhealing"], unknown);
    }

    [Theory]
    [InlineData("9lives")]
    [InlineData("with.dot")]
    [InlineData("a-name-that-is-far-too-long-for-a-service-name-of-a-lab")]
    public void A_name_that_cannot_name_a_service_is_rejected(string name)
    {
        var lab = Minimal();
        lab["metadata"]!["name"] = name;
        Assert.Contains(Admit(lab).Errors, e => e.Message.Contains("DNS-1035", StringComparison.Ordinal));
    }
}
