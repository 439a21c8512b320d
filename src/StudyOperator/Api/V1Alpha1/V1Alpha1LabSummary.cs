using System.ComponentModel;
using System.Text.Json.Serialization;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>Headline numbers across a lab's steps, formatted for <c>kubectl get</c>.</summary>
[Description("Headline numbers across the lab's steps, formatted for kubectl get.")]
public sealed class V1Alpha1LabSummary
{
    [Description("Median observed recovery time of the SelfHealing rounds, e.g. '2130ms'.")]
    [JsonPropertyName("recovery")]
    public string? Recovery { get; set; }

    [Description("Max/min ratio of answers per pod in the LoadBalancing step, e.g. '1.12' (1.00 is perfectly even).")]
    [JsonPropertyName("balance")]
    public string? Balance { get; set; }

    [Description("Time the broken pod took to leave the Service's endpoints in the Failover step, e.g. '1840ms'.")]
    [JsonPropertyName("failover")]
    public string? Failover { get; set; }
}
