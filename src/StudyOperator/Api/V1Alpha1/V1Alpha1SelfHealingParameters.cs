using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>How a SelfHealing step kills pods and how long it waits for the ReplicaSet to recover.</summary>
[Description("How a SelfHealing step kills pods and how long it waits for the ReplicaSet to recover.")]
public sealed class V1Alpha1SelfHealingParameters
{
    [Description("Pods deleted at once in each round (at most app.replicas).")]
    [JsonPropertyName("podsPerRound")]
    [DefaultValue(1)]
    [Range(1, LabBounds.MaxReplicas)]
    public int PodsPerRound { get; set; } = 1;

    [Description("Rounds of delete-and-recover; every round's recovery time is reported.")]
    [JsonPropertyName("rounds")]
    [DefaultValue(3)]
    [Range(1, 20)]
    public int Rounds { get; set; } = 3;

    [Description("Seconds one round may take to recover before the step fails.")]
    [JsonPropertyName("timeoutSeconds")]
    [DefaultValue(120)]
    [Range(10, 600)]
    public int TimeoutSeconds { get; set; } = 120;
}
