using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using StudyOperator.Api.Schema;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>One experiment of a lab: a type and, optionally, that type's parameters.</summary>
[Description("One experiment of a lab: a type and, optionally, that type's parameters (defaults apply when they are left out).")]
[CelRule("!has(self.selfHealing) || self.type == 'SelfHealing'", "selfHealing parameters belong to a SelfHealing step", FieldPath = ".selfHealing")]
[CelRule("!has(self.loadBalancing) || self.type == 'LoadBalancing'", "loadBalancing parameters belong to a LoadBalancing step", FieldPath = ".loadBalancing")]
[CelRule("!has(self.failover) || self.type == 'Failover'", "failover parameters belong to a Failover step", FieldPath = ".failover")]
public sealed class V1Alpha1LabStep
{
    [Description("The experiment: SelfHealing (delete pods, time the ReplicaSet's recovery), LoadBalancing (count answers per pod behind the Service) or Failover (break one pod's readiness check, watch traffic move).")]
    [JsonPropertyName("type")]
    [Required]
    public StepType Type { get; set; }

    [Description("Parameters of a SelfHealing step.")]
    [JsonPropertyName("selfHealing")]
    public V1Alpha1SelfHealingParameters? SelfHealing { get; set; }

    [Description("Parameters of a LoadBalancing step.")]
    [JsonPropertyName("loadBalancing")]
    public V1Alpha1LoadBalancingParameters? LoadBalancing { get; set; }

    [Description("Parameters of a Failover step.")]
    [JsonPropertyName("failover")]
    public V1Alpha1FailoverParameters? Failover { get; set; }
}
