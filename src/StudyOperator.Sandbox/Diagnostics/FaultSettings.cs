namespace StudyOperator.Sandbox.Diagnostics;

/// <summary>
/// Injected faults. Rates are probabilities 0..1; <see cref="ErrorRates"/> is keyed by apiserver verb
/// (GET, LIST, WATCH, POST, PUT, PATCH, DELETE, APPLY) or <c>*</c> for all.
/// </summary>
public sealed record FaultSettings
{
    public IReadOnlyDictionary<string, double> ErrorRates { get; init; } = new Dictionary<string, double>();

    /// <summary>500 or 503.</summary>
    public int ErrorCode { get; init; } = 500;

    /// <summary>Share of resource requests answered 429 with <c>Retry-After</c>.</summary>
    public double ThrottleRate { get; init; }

    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Added to every resource request.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Watch streams end after this long (zero: never).</summary>
    public TimeSpan DropWatchesEvery { get; init; }

    /// <summary>The retained window is forgotten this often, so resuming watches get 410 (zero: never).</summary>
    public TimeSpan ExpireResourceVersionsEvery { get; init; }

    public static FaultSettings None { get; } = new();
}
