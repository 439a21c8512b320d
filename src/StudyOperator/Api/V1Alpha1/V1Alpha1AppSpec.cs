using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>The demo workload: a Deployment of small web servers that answer with their pod name and version.</summary>
[Description("The demo workload: a Deployment of small web servers that answer with their pod name and version.")]
public sealed class V1Alpha1AppSpec
{
    [Description("Container image of the demo app. Empty means the operator's own image, which runs `study-operator app`; another image must be a build of study-operator.")]
    [JsonPropertyName("image")]
    [DefaultValue("")]
    [MaxLength(512)]
    public string Image { get; set; } = "";

    [Description("How many pods the ReplicaSet keeps alive. Bounded to 1..10 so a lab can never flood a cluster.")]
    [JsonPropertyName("replicas")]
    [DefaultValue(3)]
    [Range(LabBounds.MinReplicas, LabBounds.MaxReplicas)]
    public int Replicas { get; set; } = 3;

    [Description("Version label the app reports in every answer; changing it rolls the Deployment.")]
    [JsonPropertyName("version")]
    [DefaultValue("v1")]
    [MinLength(1)]
    [MaxLength(63)]
    [RegularExpression("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    public string Version { get; set; } = "v1";

    [Description("Give pods a readiness probe (GET /readyz). Switch it off to see traffic reach pods that cannot answer.")]
    [JsonPropertyName("readinessProbe")]
    [DefaultValue(true)]
    public bool ReadinessProbe { get; set; } = true;

    [Description("Give pods a liveness probe (GET /healthz). Switch it off to see a hung pod stay hung.")]
    [JsonPropertyName("livenessProbe")]
    [DefaultValue(true)]
    public bool LivenessProbe { get; set; } = true;
}
