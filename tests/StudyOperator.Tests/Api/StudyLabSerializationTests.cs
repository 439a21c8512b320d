using System.Text.Json.Nodes;
using k8s;
using StudyOperator.Api.V1Alpha1;

namespace StudyOperator.Tests.Api;

public sealed class StudyLabSerializationTests
{
    [Fact]
    public void Enums_travel_as_their_api_names()
    {
        var lab = new V1Alpha1StudyLab
        {
            Metadata = new() { Name = "x" },
            Spec = new() { Language = LabLanguage.Korean, Steps = [new() { Type = StepType.LoadBalancing }] },
            Status = new() { Phase = LabPhase.Running },
        };
        var json = JsonNode.Parse(KubernetesJson.Serialize(lab))!;
        Assert.Equal("ko", (string?)json["spec"]!["language"]);
        Assert.Equal("LoadBalancing", (string?)json["spec"]!["steps"]![0]!["type"]);
        Assert.Equal("Running", (string?)json["status"]!["phase"]);
        Assert.Equal("labs.study.dev/v1alpha1", (string?)json["apiVersion"]);
        Assert.Equal("StudyLab", (string?)json["kind"]);
    }

    [Fact]
    public void A_minimal_lab_reads_back_with_the_documented_defaults()
    {
        var lab = KubernetesJson.Deserialize<V1Alpha1StudyLab>("""{"apiVersion":"labs.study.dev/v1alpha1","kind":"StudyLab","metadata":{"name":"x"},"spec":{"steps":[{"type":"SelfHealing"}]}}""");
        Assert.Equal(3, lab.Spec.App.Replicas);
        Assert.Equal("v1", lab.Spec.App.Version);
        Assert.True(lab.Spec.App.ReadinessProbe);
        Assert.Equal(ServiceType.ClusterIP, lab.Spec.Service.Type);
        Assert.Equal(80, lab.Spec.Service.Port);
        Assert.Equal(20, lab.Spec.Traffic.RequestsPerSecond);
        Assert.Equal(LabLanguage.English, lab.Spec.Language);
        Assert.Null(lab.Status);
    }
}
