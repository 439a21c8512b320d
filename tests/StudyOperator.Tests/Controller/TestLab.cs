using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace StudyOperator.Tests.Controller;

/// <summary>A stand-in custom resource for the custom-objects source.</summary>
public sealed class TestLab : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "labs.study.dev/v1alpha1";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "StudyLab";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public TestLabSpec? Spec { get; set; }
}
