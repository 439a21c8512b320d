using StudyOperator.Probe;

namespace StudyOperator.Labs;

/// <summary>Where a probe Job is, as read from the caches.</summary>
internal abstract record ProbeRunState
{
    /// <summary>The Job is not in the cache (not created yet, not seen yet, or already removed).</summary>
    public sealed record Missing : ProbeRunState;

    /// <summary>The Job exists; its pod is not running yet.</summary>
    public sealed record Pending : ProbeRunState;

    /// <summary>The probe container runs: traffic is flowing.</summary>
    public sealed record Running : ProbeRunState;

    /// <summary>The probe ended and its termination message is a result.</summary>
    public sealed record Finished(ProbeResult Result) : ProbeRunState;

    /// <summary>The probe ended without a readable result, or the Job failed.</summary>
    public sealed record Broken(string Reason) : ProbeRunState;
}
