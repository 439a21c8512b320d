namespace StudyOperator.Sandbox.Node;

/// <summary><c>state.waiting</c>: <c>ContainerCreating</c> before the first start, <c>CrashLoopBackOff</c> between restarts.</summary>
internal sealed record ContainerStateWaiting(string Reason, string? Message = null) : ContainerState
{
    public const string ContainerCreating = "ContainerCreating";
    public const string CrashLoopBackOff = "CrashLoopBackOff";
}
