using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>The background traffic probe's counters at a step's start and end; their difference is the step's traffic.</summary>
[Description("The background traffic probe's counters read at the step's start and at its end; result.traffic is their difference. Recorded in status, so an operator restart keeps the window.")]
public sealed class V1Alpha1TrafficWindow
{
    [Description("The counters when the step started.")]
    [JsonPropertyName("start")]
    public V1Alpha1TrafficCounters? Start { get; set; }

    [Description("The counters when the step ended.")]
    [JsonPropertyName("end")]
    public V1Alpha1TrafficCounters? End { get; set; }

    [Description("Why this step has no traffic numbers (e.g. the probe was not running when the step started); empty when it has them.")]
    [JsonPropertyName("notMeasured")]
    [MaxLength(512)]
    public string? NotMeasured { get; set; }
}
