using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using StudyOperator.Api.Schema;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>
/// What a step measured. Every number is an observation (integer milliseconds or counts);
/// shares and ratios are strings because API objects carry no floating-point fields.
/// </summary>
[Description("What a step measured. Every number is an observation: integer milliseconds or counts; shares and ratios are strings. Fields not used by the step's type stay empty.")]
public sealed class V1Alpha1StepResult
{
    [Description("SelfHealing: per round, milliseconds from the delete call until the Deployment was whole again with replacement pods Ready.")]
    [JsonPropertyName("recoveryMs")]
    [MaxLength(20)]
    public IList<long>? RecoveryMs { get; set; }

    [Description("SelfHealing: median of recoveryMs.")]
    [JsonPropertyName("recoveryP50Ms")]
    public long? RecoveryP50Ms { get; set; }

    [Description("SelfHealing: the slowest round in recoveryMs.")]
    [JsonPropertyName("recoveryMaxMs")]
    public long? RecoveryMaxMs { get; set; }

    [Description("LoadBalancing and Failover: requests sent through the Service.")]
    [JsonPropertyName("requests")]
    public long? Requests { get; set; }

    [Description("LoadBalancing and Failover: requests that failed (refused, timed out or answered 5xx).")]
    [JsonPropertyName("failed")]
    public long? Failed { get; set; }

    [Description("LoadBalancing: answers per pod and each pod's share of all answers.")]
    [JsonPropertyName("answersPerPod")]
    [ListMapKeys("pod")]
    [MaxLength(10)]
    public IList<V1Alpha1PodAnswers>? AnswersPerPod { get; set; }

    [Description("LoadBalancing: the busiest pod's answers divided by the quietest pod's, with two decimals; 1.00 is perfectly even.")]
    [JsonPropertyName("balance")]
    public string? Balance { get; set; }

    [Description("Failover: the pod whose readiness check was broken.")]
    [JsonPropertyName("faultedPod")]
    public string? FaultedPod { get; set; }

    [Description("Failover: milliseconds from the fault until the pod left the Service's endpoints.")]
    [JsonPropertyName("detectionMs")]
    public long? DetectionMs { get; set; }

    [Description("Failover: requests that failed before the pod left the endpoints.")]
    [JsonPropertyName("failedDuringDetection")]
    public long? FailedDuringDetection { get; set; }

    [Description("Failover: requests that failed after the pod left the endpoints (ideally 0).")]
    [JsonPropertyName("failedAfterDetection")]
    public long? FailedAfterDetection { get; set; }

    [Description("Every step with spec.traffic: the background traffic sent through the Service while this step ran, its failures and availability.")]
    [JsonPropertyName("traffic")]
    public V1Alpha1TrafficResult? Traffic { get; set; }
}
