namespace StudyOperator.Probe;

/// <summary>A validated probe run; build it with <see cref="ProbeOptionsParser"/>.</summary>
internal sealed record ProbeOptions
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);
    public const int DefaultRequests = 100;
    public const int DefaultRate = 10;

    public required Uri Target { get; init; }

    public ProbeMode Mode { get; init; } = ProbeMode.Count;

    public int Requests { get; init; } = DefaultRequests;

    /// <summary>Count mode: workers. Rate mode: most requests in flight at once.</summary>
    public int Concurrency { get; init; } = 1;

    public TimeSpan Duration { get; init; }

    public int Rate { get; init; } = DefaultRate;

    /// <summary>False (default): a new TCP connection per request, because kube-proxy balances connections.</summary>
    public bool KeepAlive { get; init; }

    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Traffic mode (rate mode only): serve GET /counters and POST /stop on this port; null = no endpoint.</summary>
    public int? CountersPort { get; init; }
}
