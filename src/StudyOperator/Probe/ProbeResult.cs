namespace StudyOperator.Probe;

/// <summary>
/// What a probe run measured. Written as compact JSON (at most 4,096 bytes) to stdout and the termination message;
/// the lab engine reads it back with <see cref="ProbeResultJson.Parse"/>. Integers only: milliseconds and counts.
/// </summary>
internal sealed record ProbeResult
{
    public required string Target { get; init; }

    /// <summary>"count" or "rate".</summary>
    public required string Mode { get; init; }

    public required bool KeepAlive { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required int DurationMs { get; init; }

    /// <summary>False when the run was cut short (SIGTERM, or the run-time cap).</summary>
    public required bool Complete { get; init; }

    public required int Total { get; init; }

    public required int Ok { get; init; }

    public required FailureCounts Failed { get; init; }

    /// <summary>TCP connections opened; equals the requests that connected when a new connection is used per request.</summary>
    public required int Connections { get; init; }

    /// <summary>Successful answers per pod (the "pod" field of the answer; "(unknown)" without one). Sums to Ok unless pods were omitted.</summary>
    public required IReadOnlyDictionary<string, int> Pods { get; init; }

    public required LatencySummary LatencyMs { get; init; }

    public required IReadOnlyList<ErrorWindow> ErrorWindows { get; init; }

    public bool Truncated { get; init; }

    public ProbeOmissions? Omitted { get; init; }
}
