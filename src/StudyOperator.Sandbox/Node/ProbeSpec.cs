namespace StudyOperator.Sandbox.Node;

/// <summary>
/// core/v1 Probe with its defaults: period 10s, timeout 1s, success threshold 1, failure threshold 3.
/// <see cref="TerminationGracePeriodSeconds"/> overrides the pod's grace period when a liveness or startup
/// failure kills the container.
/// </summary>
internal sealed record ProbeSpec(
    ProbeAction Action,
    int InitialDelaySeconds = 0,
    int PeriodSeconds = 10,
    int TimeoutSeconds = 1,
    int SuccessThreshold = 1,
    int FailureThreshold = 3,
    long? TerminationGracePeriodSeconds = null)
{
    public TimeSpan InitialDelay => TimeSpan.FromSeconds(Math.Max(0, InitialDelaySeconds));

    public TimeSpan Period => TimeSpan.FromSeconds(Math.Max(1, PeriodSeconds));

    public TimeSpan Timeout => TimeSpan.FromSeconds(Math.Max(1, TimeoutSeconds));
}
