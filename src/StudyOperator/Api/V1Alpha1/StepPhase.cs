using System.Text.Json.Serialization;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>Where one step is: Pending → Running → Succeeded or Failed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StepPhase>))]
public enum StepPhase
{
    Pending,
    Running,
    Succeeded,
    Failed,
}
