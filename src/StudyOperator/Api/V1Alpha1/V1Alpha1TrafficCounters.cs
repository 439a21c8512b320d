using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>The background probe's cumulative counters at one moment, as it reported them.</summary>
[Description("The background traffic probe's cumulative counters at one moment, as the probe reported them through the pod proxy.")]
public sealed class V1Alpha1TrafficCounters
{
    [Description("Requests with an outcome since the probe started.")]
    [JsonPropertyName("requests")]
    [Required]
    public long Requests { get; set; }

    [Description("Of those, requests that failed (refused, timed out, 5xx or another error).")]
    [JsonPropertyName("failed")]
    [Required]
    public long Failed { get; set; }

    [Description("Unix time in milliseconds on the probe pod's clock when it read its counters.")]
    [JsonPropertyName("atMs")]
    [Required]
    public long AtMs { get; set; }

    [Description("UID of the probe pod that answered; counters of different pods cannot be subtracted.")]
    [JsonPropertyName("probePodUid")]
    [MaxLength(64)]
    public string? ProbePodUid { get; set; }
}
