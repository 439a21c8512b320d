using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>Background traffic over a span of time: requests, failures and the availability they give.</summary>
[Description("Background traffic through the Service over a span of time: requests, failures, and the availability they give.")]
public sealed class V1Alpha1TrafficResult
{
    [Description("Requests with an outcome in the span.")]
    [JsonPropertyName("requests")]
    [Required]
    public long Requests { get; set; }

    [Description("Of those, requests that failed.")]
    [JsonPropertyName("failed")]
    [Required]
    public long Failed { get; set; }

    [Description("Successful requests as a percentage with two decimals, rounded down so a failure never shows as 100.00%; empty without requests.")]
    [JsonPropertyName("availability")]
    [MaxLength(8)]
    public string? Availability { get; set; }

    [Description("Milliseconds the span lasted on the probe's clock.")]
    [JsonPropertyName("durationMs")]
    public long? DurationMs { get; set; }
}
