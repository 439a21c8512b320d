using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>The in-cluster probe Job a step started, recorded before the Job is created.</summary>
[Description("The in-cluster probe Job a step started; recorded before the Job is created so a restart finds it again instead of starting another.")]
public sealed class V1Alpha1ProbeRun
{
    [Description("Name of the probe Job.")]
    [JsonPropertyName("job")]
    [Required]
    [MaxLength(63)]
    public string Job { get; set; } = "";

    [Description("Unix time in milliseconds when the Job was requested.")]
    [JsonPropertyName("requestedAtMs")]
    [Required]
    public long RequestedAtMs { get; set; }

    [Description("Unix time in milliseconds when the operator read the probe's result from the Job pod's termination message.")]
    [JsonPropertyName("finishedAtMs")]
    public long? FinishedAtMs { get; set; }
}
