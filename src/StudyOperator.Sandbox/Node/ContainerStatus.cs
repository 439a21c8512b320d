namespace StudyOperator.Sandbox.Node;

/// <summary>
/// What core/v1 <c>containerStatuses[]</c> needs about one container. <see cref="Ready"/> and <see cref="Started"/>
/// come from the probes: the supervisor reports <c>Started</c> = running and <c>Ready</c> = false, and whoever
/// runs a <see cref="ContainerProber"/> overlays its results (<see cref="WithProbes"/>).
/// </summary>
internal sealed record ContainerStatus(
    string Name,
    ContainerState State,
    ContainerStateTerminated? LastState,
    int RestartCount,
    string? ContainerId,
    bool Ready,
    bool Started)
{
    /// <summary>Applies probe results; a container that is not running is neither started nor ready.</summary>
    public ContainerStatus WithProbes(bool started, bool ready) =>
        State is ContainerStateRunning
            ? this with { Started = started, Ready = started && ready }
            : this with { Started = false, Ready = false };
}
