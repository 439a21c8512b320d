namespace StudyOperator.Labs;

/// <summary>What a step runner says after a pass: still running (look again after <see cref="Requeue"/>), or finished.</summary>
internal sealed record StepOutcome(bool Finished, TimeSpan? Requeue)
{
    public static StepOutcome Done { get; } = new(true, null);

    public static StepOutcome Wait(TimeSpan requeue) => new(false, requeue < TimeSpan.Zero ? TimeSpan.Zero : requeue);

    public static StepOutcome WaitMs(long milliseconds) => Wait(TimeSpan.FromMilliseconds(Math.Max(0, milliseconds)));
}
