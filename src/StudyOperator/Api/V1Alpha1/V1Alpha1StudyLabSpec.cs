using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using StudyOperator.Api.Schema;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>What a lab builds and which experiments it runs.</summary>
[Description("What the lab builds and which experiments it runs, in order.")]
[CelRule("!self.steps.exists(s, s.type == 'Failover') || self.app.replicas >= 2", "a Failover step needs app.replicas of at least 2, so another pod can take over the traffic", FieldPath = ".app.replicas")]
[CelRule("self.steps.all(s, !has(s.selfHealing) || s.selfHealing.podsPerRound <= self.app.replicas)", "selfHealing.podsPerRound must not exceed app.replicas: a lab only deletes pods it has", FieldPath = ".steps")]
public sealed class V1Alpha1StudyLabSpec
{
    [Description("The demo workload every step runs against: a Deployment of small web servers that answer with their pod name.")]
    [JsonPropertyName("app")]
    public V1Alpha1AppSpec App { get; set; } = new();

    [Description("The Service in front of the demo pods; traffic in LoadBalancing and Failover steps goes through it.")]
    [JsonPropertyName("service")]
    public V1Alpha1ServiceSpec Service { get; set; } = new();

    [Description("Background traffic through the Service while the steps run, so every step also reports how many requests failed during it.")]
    [JsonPropertyName("traffic")]
    public V1Alpha1TrafficSpec Traffic { get; set; } = new();

    [Description("The experiments to run, in order. Each step has a type and, optionally, that type's parameters.")]
    [JsonPropertyName("steps")]
    [Required]
    [MinLength(1)]
    [MaxLength(LabBounds.MaxSteps)]
    public IList<V1Alpha1LabStep> Steps { get; set; } = [];

    [Description("Language of the lessons written into status: en (English) or ko (Korean).")]
    [JsonPropertyName("language")]
    [DefaultValue(LabLanguage.English)]
    public LabLanguage Language { get; set; } = LabLanguage.English;
}
