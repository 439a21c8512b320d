using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>How long a Failover step watches traffic after breaking one pod, and how long it waits for detection.</summary>
[Description("How long a Failover step watches traffic after breaking one pod, and how long it waits for the pod to leave the Service.")]
public sealed class V1Alpha1FailoverParameters
{
    [Description("Seconds of traffic observed after the fault is injected.")]
    [JsonPropertyName("observeSeconds")]
    [DefaultValue(20)]
    [Range(5, 120)]
    public int ObserveSeconds { get; set; } = 20;

    [Description("Requests per second sent through the Service while observing.")]
    [JsonPropertyName("requestsPerSecond")]
    [DefaultValue(20)]
    [Range(1, LabBounds.MaxRequestsPerSecond)]
    public int RequestsPerSecond { get; set; } = 20;

    [Description("Seconds the broken pod may take to leave the Service's endpoints before the step fails.")]
    [JsonPropertyName("timeoutSeconds")]
    [DefaultValue(60)]
    [Range(10, 300)]
    public int TimeoutSeconds { get; set; } = 60;
}
