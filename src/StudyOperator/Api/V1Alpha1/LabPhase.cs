using System.Text.Json.Serialization;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>Where a lab is in its life: Pending → Provisioning → Running → Succeeded or Failed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LabPhase>))]
public enum LabPhase
{
    Pending,
    Provisioning,
    Running,
    Succeeded,
    Failed,
}
