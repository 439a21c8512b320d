namespace StudyOperator.Sandbox.Node;

/// <summary><c>state.running</c>.</summary>
internal sealed record ContainerStateRunning(DateTimeOffset StartedAt) : ContainerState;
