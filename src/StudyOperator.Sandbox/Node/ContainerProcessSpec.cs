namespace StudyOperator.Sandbox.Node;

/// <summary>
/// What the node needs to run one container as a local process: the executable (command[0]) with its
/// arguments, the container's own environment (already resolved, including downward-API values), the
/// working directory and the termination message policy.
/// </summary>
internal sealed record ContainerProcessSpec(
    string Name,
    string Executable,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string>? Env = null,
    string? WorkingDirectory = null,
    TerminationMessagePolicy TerminationMessagePolicy = TerminationMessagePolicy.File);
