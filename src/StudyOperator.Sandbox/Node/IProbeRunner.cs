namespace StudyOperator.Sandbox.Node;

/// <summary>Performs one probe attempt; <see cref="HttpProber"/> is the real one.</summary>
internal interface IProbeRunner
{
    Task<ProbeOutcome> RunAsync(ProbeAction action, ProbeTarget target, TimeSpan timeout, CancellationToken ct);
}
