namespace StudyOperator.Probe;

/// <summary>One request: when it started and ended (relative to the start of the run), how, and which pod answered.</summary>
internal readonly record struct RequestOutcome(TimeSpan Start, TimeSpan End, OutcomeKind Kind, string? Pod = null)
{
    public bool Failed => Kind != OutcomeKind.Ok;

    public TimeSpan Latency => End - Start;
}
