namespace StudyOperator.Sandbox.Node;

/// <summary>How one container instance ended: what <c>state.terminated</c> is built from.</summary>
/// <param name="ExitCode">The exit status; 128 + signal number when a signal ended the process (137 for SIGKILL).</param>
/// <param name="StartedAt">When the process was started.</param>
/// <param name="FinishedAt">When the node saw the main process exit.</param>
/// <param name="Message">The termination message (file content, or the log tail under FallbackToLogsOnError).</param>
internal sealed record ContainerExit(int ExitCode, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, string Message)
{
    /// <summary>core/v1 reason: <c>Completed</c> for exit code 0, <c>Error</c> otherwise.</summary>
    public string Reason => ExitCode == 0 ? "Completed" : "Error";
}
