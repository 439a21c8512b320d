namespace StudyOperator.App;

/// <summary>What the health endpoints report: start-up done, draining, and the fault switches.</summary>
internal sealed class AppState(DateTimeOffset startedAt)
{
    private volatile bool started;
    private volatile bool draining;
    private long served;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public FaultSwitches Faults { get; } = new();

    public bool Started => started;

    public bool Draining => draining;

    public void MarkStarted() => started = true;

    public void BeginDrain() => draining = true;

    public long CountServed() => Interlocked.Increment(ref served);

    /// <summary>Why the app is not ready, or null when it is.</summary>
    public string? NotReadyReason() =>
        draining ? "draining"
        : !started ? "starting"
        : Faults.Failing ? "fault: failing"
        : Faults.Unready ? "fault: unready"
        : null;
}
