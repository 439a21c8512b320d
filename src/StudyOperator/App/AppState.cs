namespace StudyOperator.App;

/// <summary>What the health endpoints report: start-up done, draining, and the fault switches.</summary>
internal sealed class AppState(DateTimeOffset startedAt)
{
    private volatile bool started;
    private volatile bool draining;
    private long served;
    private int inFlight;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public FaultSwitches Faults { get; } = new();

    public bool Started => started;

    public bool Draining => draining;

    public void MarkStarted() => started = true;

    public void BeginDrain() => draining = true;

    public long CountServed() => Interlocked.Increment(ref served);

    /// <summary>Requests being handled right now; shutdown reports it, tests wait on it.</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    public void RequestStarted() => Interlocked.Increment(ref inFlight);

    public void RequestFinished() => Interlocked.Decrement(ref inFlight);

    /// <summary>Why the app is not ready, or null when it is.</summary>
    public string? NotReadyReason() =>
        draining ? "draining"
        : !started ? "starting"
        : Faults.Failing ? "fault: failing"
        : Faults.Unready ? "fault: unready"
        : null;
}
