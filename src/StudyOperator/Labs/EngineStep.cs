using StudyOperator.Api.V1Alpha1;

namespace StudyOperator.Labs;

/// <summary>
/// The engine's decision for one reconcile pass: the status to write, the actions to perform after that write,
/// the Events and measurements to report after it, and when to look again (null: only when something changes).
/// </summary>
internal sealed record EngineStep(
    V1Alpha1StudyLabStatus Status,
    IReadOnlyList<LabAction> Actions,
    IReadOnlyList<LabEvent> Events,
    IReadOnlyList<LabMeasurement> Measurements,
    TimeSpan? Requeue);
