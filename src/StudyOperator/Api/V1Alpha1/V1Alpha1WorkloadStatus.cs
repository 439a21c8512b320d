using System.ComponentModel;
using System.Text.Json.Serialization;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>The demo workload a lab built and how many of its pods are ready.</summary>
[Description("The demo workload the lab built and how many of its pods are ready.")]
public sealed class V1Alpha1WorkloadStatus
{
    [Description("Name of the demo Deployment.")]
    [JsonPropertyName("deployment")]
    public string? Deployment { get; set; }

    [Description("Name of the lab's Service.")]
    [JsonPropertyName("service")]
    public string? Service { get; set; }

    [Description("Pods the Deployment wants.")]
    [JsonPropertyName("replicas")]
    public int? Replicas { get; set; }

    [Description("Pods that pass their readiness check and receive traffic.")]
    [JsonPropertyName("readyReplicas")]
    public int? ReadyReplicas { get; set; }

    [Description("Ready pods over desired pods, e.g. '3/3'.")]
    [JsonPropertyName("ready")]
    public string? Ready { get; set; }
}
