namespace StudyOperator.App;

/// <summary>Fault switches flipped at runtime; read on every request, so plain volatile fields suffice.</summary>
internal sealed class FaultSwitches
{
    private volatile bool unready;
    private volatile bool failing;
    private volatile int slowMs;
    private volatile bool liveness;

    public bool Unready => unready;

    public bool Failing => failing;

    public TimeSpan Slow => TimeSpan.FromMilliseconds(slowMs);

    public bool Liveness => liveness;

    public FaultStatus Snapshot() => new(unready, failing, slowMs, liveness);

    public void Set(FaultMode mode, bool enabled, int delayMs)
    {
        switch (mode)
        {
            case FaultMode.Unready:
                unready = enabled;
                break;
            case FaultMode.Failing:
                failing = enabled;
                break;
            case FaultMode.Slow:
                slowMs = enabled ? delayMs : 0;
                break;
            case FaultMode.Liveness:
                liveness = enabled;
                break;
            case FaultMode.Reset:
                unready = failing = liveness = false;
                slowMs = 0;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "not a switch");
        }
    }
}
