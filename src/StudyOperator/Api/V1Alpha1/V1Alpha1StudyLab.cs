using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using StudyOperator.Api.Schema;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>
/// A hands-on Kubernetes lab: the operator builds a small demo Deployment and Service, runs the
/// listed experiments against them, and writes what it measured into status.
/// </summary>
[Description("A hands-on Kubernetes lab: the operator builds a small demo Deployment and Service, runs the listed experiments against them (kill pods, send traffic, break a health check) and writes what it measured into status.")]
[MetadataNameRule("^[a-z]([-a-z0-9]*[a-z0-9])?$", 50, "a StudyLab name must be a DNS-1035 label (lower-case letters, digits and '-', starting with a letter) of at most 50 characters, because it names the lab's Service")]
[PrinterColumn("Phase", "string", ".status.phase", "Where the lab is: Pending, Provisioning, Running, Succeeded or Failed.")]
[PrinterColumn("Step", "string", ".status.currentStep", "The step running now, as position/count and type.")]
[PrinterColumn("Ready", "string", ".status.workload.ready", "Ready pods of the demo Deployment over desired pods.")]
[PrinterColumn("Recovery", "string", ".status.summary.recovery", "Median observed recovery time of the SelfHealing step (RTO).")]
[PrinterColumn("Balance", "string", ".status.summary.balance", "Max/min share of answers across pods in the LoadBalancing step (1.00 is perfectly even).")]
[PrinterColumn("Failover", "string", ".status.summary.failover", "Time the broken pod took to leave the Service's endpoints in the Failover step.")]
[PrinterColumn("Age", "date", ".metadata.creationTimestamp", "Time since the lab was created.")]
public sealed class V1Alpha1StudyLab : IKubernetesObject<V1ObjectMeta>, ISpec<V1Alpha1StudyLabSpec>, IStatus<V1Alpha1StudyLabStatus?>
{
    [Description("APIVersion defines the versioned schema of this representation of an object.")]
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = StudyLabGroup.ApiVersion;

    [Description("Kind is a string value representing the REST resource this object represents.")]
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = StudyLabGroup.Kind;

    [Description("Standard object metadata.")]
    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [Description("What the lab builds and which experiments it runs, in order.")]
    [JsonPropertyName("spec")]
    [Required]
    public V1Alpha1StudyLabSpec Spec { get; set; } = new();

    [Description("What the operator observed and measured; written only by the operator.")]
    [JsonPropertyName("status")]
    public V1Alpha1StudyLabStatus? Status { get; set; }
}
