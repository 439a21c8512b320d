using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>The lab's background traffic probe Job, recorded before it is created, and its final totals.</summary>
[Description("The background traffic probe Job (spec.traffic): recorded before the Job is created, stopped when the lab ends; its final totals come from the probe's termination message.")]
public sealed class V1Alpha1TrafficRun
{
    [Description("Name of the traffic probe Job.")]
    [JsonPropertyName("job")]
    [Required]
    [MaxLength(63)]
    public string Job { get; set; } = "";

    [Description("Requests per second the probe sends, as started.")]
    [JsonPropertyName("requestsPerSecond")]
    [Required]
    public int RequestsPerSecond { get; set; }

    [Description("Unix time in milliseconds when the Job was requested.")]
    [JsonPropertyName("requestedAtMs")]
    [Required]
    public long RequestedAtMs { get; set; }

    [Description("Unix time in milliseconds when the operator asked the probe to stop (the lab had ended).")]
    [JsonPropertyName("stopRequestedAtMs")]
    public long? StopRequestedAtMs { get; set; }

    [Description("The operator run that sent the stop; another run sends it once more if the probe still runs.")]
    [JsonPropertyName("stopSession")]
    [MaxLength(64)]
    public string? StopSession { get; set; }

    [Description("Unix time in milliseconds when the operator read the probe's final totals.")]
    [JsonPropertyName("finishedAtMs")]
    public long? FinishedAtMs { get; set; }

    [Description("The probe's final totals over its whole run, from its termination message.")]
    [JsonPropertyName("total")]
    public V1Alpha1TrafficResult? Total { get; set; }

    [Description("What the background traffic is doing or why it has no numbers, in a sentence.")]
    [JsonPropertyName("message")]
    [MaxLength(1024)]
    public string? Message { get; set; }
}
