namespace StudyOperator.Sandbox.Node;

/// <summary>core/v1 ContainerState: exactly one of waiting, running or terminated.</summary>
internal abstract record ContainerState;
