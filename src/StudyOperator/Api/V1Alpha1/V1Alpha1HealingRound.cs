using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>
/// One delete-and-recover round of a SelfHealing step. The pods are recorded before they are deleted, so an
/// operator restart re-applies the delete only to these pods and never picks new victims by accident.
/// </summary>
[Description("One delete-and-recover round of a SelfHealing step. The pods are recorded before they are deleted, so after an operator restart the delete is re-applied only to these pods.")]
public sealed class V1Alpha1HealingRound
{
    [Description("Round number, starting at 1.")]
    [JsonPropertyName("round")]
    [Required]
    public int Round { get; set; }

    [Description("The pods this round deletes, by name and UID.")]
    [JsonPropertyName("pods")]
    [MaxLength(LabBounds.MaxReplicas)]
    public IList<V1Alpha1PodRef> Pods { get; set; } = [];

    [Description("Unix time in milliseconds just before the delete call; recovery is measured from here.")]
    [JsonPropertyName("deleteIssuedAtMs")]
    [Required]
    public long DeleteIssuedAtMs { get; set; }

    [Description("The operator run working on the round; when another run finds it open, the operator restarted during the round, which is then marked interrupted.")]
    [JsonPropertyName("session")]
    [MaxLength(64)]
    public string? Session { get; set; }

    [Description("Unix time in milliseconds when a later operator run took the round over after a restart; the round's timeout counts from here.")]
    [JsonPropertyName("resumedAtMs")]
    public long? ResumedAtMs { get; set; }

    [Description("Unix time in milliseconds when the operator first observed the Deployment whole again.")]
    [JsonPropertyName("recoveredAtMs")]
    public long? RecoveredAtMs { get; set; }

    [Description("Milliseconds from the delete call until the Deployment was whole again with replacement pods Ready; empty when the round was interrupted.")]
    [JsonPropertyName("recoveryMs")]
    public long? RecoveryMs { get; set; }

    [Description("True when the operator restarted during the round, so its recovery time could not be measured honestly and is not reported.")]
    [JsonPropertyName("interrupted")]
    public bool? Interrupted { get; set; }
}
