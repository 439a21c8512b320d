using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using k8s.Models;
using StudyOperator.Api.Schema;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>What the operator observed and measured for a lab.</summary>
[Description("What the operator observed and measured; written only by the operator through the status subresource.")]
public sealed class V1Alpha1StudyLabStatus
{
    [Description("Where the lab is: Pending, Provisioning (building the workload), Running (steps in progress), Succeeded or Failed.")]
    [JsonPropertyName("phase")]
    public LabPhase? Phase { get; set; }

    [Description("The metadata.generation this status describes; older than metadata.generation means the operator has not caught up with a spec change yet.")]
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    [Description("Standard conditions: Ready (the workload serves), Progressing (steps are running), Completed (all steps ended) and Degraded (something is wrong; the reason says what).")]
    [JsonPropertyName("conditions")]
    [ListMapKeys("type")]
    public IList<V1Condition>? Conditions { get; set; }

    [Description("The demo workload the lab built.")]
    [JsonPropertyName("workload")]
    public V1Alpha1WorkloadStatus? Workload { get; set; }

    [Description("The step running now, as position/count and type, e.g. '2/3 LoadBalancing'.")]
    [JsonPropertyName("currentStep")]
    [MaxLength(64)]
    public string? CurrentStep { get; set; }

    [Description("Headline numbers across steps, as shown by kubectl get.")]
    [JsonPropertyName("summary")]
    public V1Alpha1LabSummary? Summary { get; set; }

    [Description("One entry per spec step, in the same order: its phase, timing, measured result and lesson.")]
    [JsonPropertyName("steps")]
    [MaxLength(LabBounds.MaxSteps)]
    public IList<V1Alpha1StepStatus>? Steps { get; set; }

    [Description("The background traffic probe (spec.traffic): its Job, when it was stopped, and its totals over the whole lab.")]
    [JsonPropertyName("traffic")]
    public V1Alpha1TrafficRun? Traffic { get; set; }
}
