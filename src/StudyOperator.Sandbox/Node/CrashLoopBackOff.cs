namespace StudyOperator.Sandbox.Node;

/// <summary>
/// The kubelet's container restart back-off (flowcontrol.Backoff with 10s initial and 300s maximum,
/// kubelet.go backOffPeriod / MaxContainerBackOff), for one container.
/// </summary>
/// <remarks>
/// The first restart after a crash is immediate and arms a 10s window; every further crash inside the
/// window's lifetime doubles it up to 300s, and the container waits in <c>CrashLoopBackOff</c> until the
/// window measured from its finish time is over. When a crash comes more than 2 × 300s = 10 minutes after
/// the last restart (the container "ran 10 minutes without trouble"), the window starts over at 10s.
/// </remarks>
internal sealed class CrashLoopBackOff(TimeProvider time)
{
    public static readonly TimeSpan InitialPeriod = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromSeconds(300);

    private TimeSpan? _period;
    private DateTimeOffset _lastUpdate;

    /// <summary>The current window, zero before the first restart.</summary>
    public TimeSpan Period => _period ?? TimeSpan.Zero;

    /// <summary>Whether a container that finished at <paramref name="finishedAt"/> must still wait (IsInBackOffSince).</summary>
    public bool IsInBackOffSince(DateTimeOffset finishedAt) =>
        _period is { } period && !HasExpired(finishedAt) && time.GetUtcNow() - finishedAt < period;

    /// <summary>When a container that finished at <paramref name="finishedAt"/> may be restarted.</summary>
    public DateTimeOffset RestartAllowedAt(DateTimeOffset finishedAt) =>
        IsInBackOffSince(finishedAt) ? finishedAt + Period : time.GetUtcNow();

    /// <summary>Records a restart (Next): starts over at 10s after a long healthy run, else doubles up to 300s.</summary>
    public void Next(DateTimeOffset finishedAt)
    {
        _period = _period is not { } period || HasExpired(finishedAt)
            ? InitialPeriod
            : TimeSpan.FromTicks(Math.Min(period.Ticks * 2, MaxPeriod.Ticks));
        _lastUpdate = time.GetUtcNow();
    }

    /// <summary>Go's time.Duration formatting for whole seconds ("10s", "1m20s", "5m0s"), as in the kubelet's message.</summary>
    public static string Format(TimeSpan period)
    {
        var seconds = (long)period.TotalSeconds;
        return seconds < 60 ? $"{seconds}s" : $"{seconds / 60}m{seconds % 60}s";
    }

    private bool HasExpired(DateTimeOffset eventTime) => eventTime - _lastUpdate > MaxPeriod * 2;
}
