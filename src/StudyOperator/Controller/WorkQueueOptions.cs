namespace StudyOperator.Controller;

/// <summary>Settings of a <see cref="WorkQueue{TKey}"/>.</summary>
internal sealed class WorkQueueOptions
{
    /// <summary>First retry delay after a failure (client-go's default is 5 ms).</summary>
    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Cap on the per-key retry delay. Shorter than client-go's 1000 s: a lab should not sit for a quarter hour.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long in-flight work may run after shutdown starts before its token is cancelled.</summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    public void Validate()
    {
        if (BaseRetryDelay <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(BaseRetryDelay), BaseRetryDelay, "must be positive");
        }

        if (MaxRetryDelay < BaseRetryDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetryDelay), MaxRetryDelay, "must be at least BaseRetryDelay");
        }

        if (ShutdownGracePeriod < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ShutdownGracePeriod), ShutdownGracePeriod, "must not be negative");
        }
    }
}
