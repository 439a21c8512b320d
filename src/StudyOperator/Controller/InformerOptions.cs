namespace StudyOperator.Controller;

/// <summary>Settings of an <see cref="Informer{T}"/>.</summary>
internal sealed class InformerOptions
{
    /// <summary>Names the informer in logs and metrics, e.g. "deployments".</summary>
    public required string Name { get; init; }

    /// <summary>The namespace to list and watch; null for all namespaces.</summary>
    public string? Namespace { get; init; }

    /// <summary>When set, every cached object is re-delivered to the handlers as an update this often (from the cache, not the API).</summary>
    public TimeSpan? ResyncPeriod { get; init; }

    /// <summary>
    /// Drops <c>metadata.managedFields</c> before caching (controller-runtime's TransformStripManagedFields): controllers
    /// never read it, and it is often the largest part of a small object. Updates sent from a cached copy leave the
    /// server's managedFields as they are (an absent field is not a reset).
    /// </summary>
    public bool StripManagedFields { get; init; } = true;

    /// <summary>
    /// Shares repeated metadata strings (namespace, label keys and values, annotation keys, owner references) among
    /// cached objects through <see cref="StringPool.Shared"/>, after the trim: equal values, fewer copies.
    /// </summary>
    public bool InternMetadata { get; init; } = true;

    /// <summary>First wait after a failed list or watch; doubles per consecutive failure.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(800);

    /// <summary>Cap on the wait between failed attempts (client-go's reflector uses 30 s).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Name);
        if (ResyncPeriod is { } resync && resync <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ResyncPeriod), resync, "must be positive when set");
        }

        if (InitialBackoff <= TimeSpan.Zero || MaxBackoff < InitialBackoff)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBackoff), MaxBackoff, "backoff must be positive and MaxBackoff at least InitialBackoff");
        }
    }
}
