using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>
/// The fault a Failover step injects into one pod, recorded before the request is sent, and its restore.
/// </summary>
[Description("The fault a Failover step injects into one pod, recorded before the request is sent, and its restore.")]
public sealed class V1Alpha1FaultRecord
{
    [Description("The pod switched to failing, by name and UID.")]
    [JsonPropertyName("pod")]
    [Required]
    public V1Alpha1PodRef Pod { get; set; } = new();

    [Description("Unix time in milliseconds just before the fault request; detection is measured from here.")]
    [JsonPropertyName("injectedAtMs")]
    [Required]
    public long InjectedAtMs { get; set; }

    [Description("The operator run working on the fault; when another run finds it, the operator restarted in between, and the same fault is sent again to the same pod.")]
    [JsonPropertyName("session")]
    [MaxLength(64)]
    public string? Session { get; set; }

    [Description("Unix time in milliseconds when the operator first saw the pod out of the Service's ready endpoints.")]
    [JsonPropertyName("detectedAtMs")]
    public long? DetectedAtMs { get; set; }

    [Description("True when the operator restarted between the fault and its detection, so the detection time is not reported.")]
    [JsonPropertyName("detectionInterrupted")]
    public bool? DetectionInterrupted { get; set; }

    [Description("Unix time in milliseconds when the restore (fault reset) was requested.")]
    [JsonPropertyName("restoreRequestedAtMs")]
    public long? RestoreRequestedAtMs { get; set; }
}
