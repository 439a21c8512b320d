namespace StudyOperator.Sandbox.Node;

/// <summary>The probes of one container; any of them may be absent.</summary>
internal sealed record ContainerProbes(ProbeSpec? Startup = null, ProbeSpec? Readiness = null, ProbeSpec? Liveness = null)
{
    public static ContainerProbes None { get; } = new();
}
