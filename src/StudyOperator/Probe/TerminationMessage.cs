namespace StudyOperator.Probe;

/// <summary>Where the probe leaves its result for the kubelet to copy into the pod status.</summary>
internal static class TerminationMessage
{
    /// <summary>The kubelet's default terminationMessagePath.</summary>
    public const string DefaultPath = "/dev/termination-log";

    /// <summary>
    /// Set by the sandbox's simulated kubelet: sandbox pods are plain processes sharing one filesystem, so each gets
    /// its own file instead of /dev/termination-log.
    /// </summary>
    public const string SandboxVariable = "SANDBOX_TERMINATION_MESSAGE_PATH";

    /// <summary>--result-file wins, then <see cref="SandboxVariable"/>, then <see cref="DefaultPath"/>.</summary>
    public static string ResolvePath(string? resultFile, Func<string, string?> environment) =>
        !string.IsNullOrWhiteSpace(resultFile) ? resultFile
        : environment(SandboxVariable) is { Length: > 0 } sandboxPath ? sandboxPath
        : DefaultPath;
}
