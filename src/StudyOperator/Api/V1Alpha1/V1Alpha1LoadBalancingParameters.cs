using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>How many requests a LoadBalancing step sends through the Service, and how.</summary>
[Description("How many requests a LoadBalancing step sends through the Service, and how.")]
public sealed class V1Alpha1LoadBalancingParameters
{
    [Description("Requests sent through the Service by an in-cluster probe.")]
    [JsonPropertyName("requests")]
    [DefaultValue(300)]
    [Range(10, 10000)]
    public int Requests { get; set; } = 300;

    [Description("Open a new TCP connection for every request (true), because kube-proxy balances connections, not requests; false keeps connections alive to show stickiness.")]
    [JsonPropertyName("newConnectionPerRequest")]
    [DefaultValue(true)]
    public bool NewConnectionPerRequest { get; set; } = true;

    [Description("Requests in flight at once.")]
    [JsonPropertyName("concurrency")]
    [DefaultValue(4)]
    [Range(1, 20)]
    public int Concurrency { get; set; } = 4;
}
