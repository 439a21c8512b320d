using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>Background traffic through the Service while the steps run.</summary>
[Description("Background traffic through the Service while the steps run.")]
public sealed class V1Alpha1TrafficSpec
{
    [Description("Requests per second sent through the Service during the steps; 0 switches background traffic off. At most 100.")]
    [JsonPropertyName("requestsPerSecond")]
    [DefaultValue(20)]
    [Range(0, LabBounds.MaxRequestsPerSecond)]
    public int RequestsPerSecond { get; set; } = 20;
}
