namespace StudyOperator.Controller;

/// <summary>Settings of <see cref="LeaderElection"/>; the timings mirror client-go's leaderelection.LeaderElectionConfig.</summary>
internal sealed class LeaderElectionOptions
{
    /// <summary>Off: this replica leads at once (a single replica, or local runs).</summary>
    public bool Enabled { get; init; } = true;

    public string LeaseName { get; init; } = "study-operator-leader";

    public string LeaseNamespace { get; init; } = "default";

    /// <summary>This replica's name in the Lease; the pod name in a cluster.</summary>
    public string Identity { get; init; } = Environment.MachineName;

    /// <summary>How long non-leaders wait after the last renewal before they try to take over.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps retrying a renewal before it gives leadership up.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Wait between attempts to acquire or renew.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    public void Validate()
    {
        if (!Enabled)
        {
            return;
        }

        ArgumentException.ThrowIfNullOrEmpty(LeaseName);
        ArgumentException.ThrowIfNullOrEmpty(LeaseNamespace);
        ArgumentException.ThrowIfNullOrEmpty(Identity);

        // client-go's rules: the leader must give up (RenewDeadline) before others may take over (LeaseDuration),
        // and retries (with up to 1.2 jitter) must fit inside the renew deadline. The Lease stores whole seconds.
        if (LeaseDuration < TimeSpan.FromSeconds(1) || LeaseDuration <= RenewDeadline)
        {
            throw new ArgumentOutOfRangeException(nameof(LeaseDuration), LeaseDuration, "must be at least 1 s and greater than RenewDeadline");
        }

        if (RetryPeriod <= TimeSpan.Zero || RenewDeadline <= RetryPeriod * 1.2)
        {
            throw new ArgumentOutOfRangeException(nameof(RenewDeadline), RenewDeadline, "must be greater than 1.2 × RetryPeriod");
        }
    }
}
