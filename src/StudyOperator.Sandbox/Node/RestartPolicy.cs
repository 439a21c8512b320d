namespace StudyOperator.Sandbox.Node;

/// <summary>core/v1 pod <c>restartPolicy</c>.</summary>
internal enum RestartPolicy
{
    Always,
    OnFailure,
    Never,
}
