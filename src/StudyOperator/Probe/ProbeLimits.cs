namespace StudyOperator.Probe;

/// <summary>Caps that keep a probe from flooding a cluster; anything above is refused, not clamped.</summary>
internal static class ProbeLimits
{
    public const int MaxRequests = 20_000;
    public const int MaxConcurrency = 64;
    public const int MaxRate = 500;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whatever the mode, a run is stopped after this long (count mode against a very slow target could otherwise
    /// take requests x timeout); longer than the longest rate-mode run plus its last timeout.
    /// </summary>
    public static readonly TimeSpan MaxRunTime = MaxDuration + MaxTimeout + TimeSpan.FromSeconds(30);

    public const int MaxUrlLength = 1024;
    public const int MaxPodNameLength = 253;

    /// <summary>Kubernetes caps a termination message at this many bytes.</summary>
    public const int MaxResultBytes = 4096;
}
