namespace StudyOperator.Sandbox.Node;

/// <summary>
/// <c>state.terminated</c> / <c>lastState.terminated</c>. Reasons the sandbox produces: <c>Completed</c>
/// (exit 0), <c>Error</c> (non-zero) and <c>StartError</c> (exit 128, the process could not be started).
/// OOMKilled needs a memory cgroup, which plain processes do not have, so it never appears.
/// </summary>
internal sealed record ContainerStateTerminated(
    int ExitCode,
    string Reason,
    string? Message,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string? ContainerId) : ContainerState
{
    public const string StartError = "StartError";

    public static ContainerStateTerminated From(ContainerExit exit, string containerId) =>
        new(exit.ExitCode, exit.Reason, exit.Message.Length == 0 ? null : exit.Message, exit.StartedAt, exit.FinishedAt, containerId);
}
