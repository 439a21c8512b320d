namespace StudyOperator.Probe;

/// <summary>The probe's command-line values before validation (null = not given).</summary>
internal sealed record ProbeArguments
{
    public string? Url { get; init; }
    public string? Service { get; init; }
    public int? Port { get; init; }
    public int? Requests { get; init; }
    public int? Concurrency { get; init; }
    public TimeSpan? Duration { get; init; }
    public int? Rate { get; init; }
    public bool KeepAlive { get; init; }
    public TimeSpan? Timeout { get; init; }
    public int? CountersPort { get; init; }
}
