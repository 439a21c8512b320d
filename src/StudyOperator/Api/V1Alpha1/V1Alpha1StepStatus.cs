using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>The state and outcome of one lab step.</summary>
[Description("The state and outcome of one lab step.")]
public sealed class V1Alpha1StepStatus
{
    [Description("The step's experiment type, as in spec.")]
    [JsonPropertyName("type")]
    [Required]
    public StepType Type { get; set; }

    [Description("Pending, Running, Succeeded or Failed.")]
    [JsonPropertyName("phase")]
    [Required]
    public StepPhase Phase { get; set; }

    [Description("When the step started.")]
    [JsonPropertyName("startedAt")]
    public DateTime? StartedAt { get; set; }

    [Description("When the step ended.")]
    [JsonPropertyName("finishedAt")]
    public DateTime? FinishedAt { get; set; }

    [Description("Why the step is in its phase, in a sentence (e.g. the reason it failed).")]
    [JsonPropertyName("message")]
    [MaxLength(1024)]
    public string? Message { get; set; }

    [Description("What the step measured.")]
    [JsonPropertyName("result")]
    public V1Alpha1StepResult? Result { get; set; }

    [Description("Unix time in milliseconds when the step started (startedAt has whole seconds only).")]
    [JsonPropertyName("startedAtMs")]
    public long? StartedAtMs { get; set; }

    [Description("Unix time in milliseconds when the step ended.")]
    [JsonPropertyName("finishedAtMs")]
    public long? FinishedAtMs { get; set; }

    [Description("SelfHealing: every round so far, with the pods it deleted and what it measured.")]
    [JsonPropertyName("rounds")]
    [MaxLength(20)]
    public IList<V1Alpha1HealingRound>? Rounds { get; set; }

    [Description("LoadBalancing and Failover: the probe Job that sends the step's requests.")]
    [JsonPropertyName("probe")]
    public V1Alpha1ProbeRun? Probe { get; set; }

    [Description("Failover: the injected fault and its restore.")]
    [JsonPropertyName("fault")]
    public V1Alpha1FaultRecord? Fault { get; set; }

    [Description("The background traffic probe's counters at the step's start and end (spec.traffic), or why they are missing.")]
    [JsonPropertyName("traffic")]
    public V1Alpha1TrafficWindow? Traffic { get; set; }

    [Description("What the measured numbers teach, in spec.language.")]
    [JsonPropertyName("lesson")]
    [MaxLength(2048)]
    public string? Lesson { get; set; }
}
