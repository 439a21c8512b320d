namespace StudyOperator.Controller;

/// <summary>
/// Callbacks for an informer's cache changes. They run on the informer's loop, one at a time and in order, so they
/// must be quick (typically: map to a key and add it to a work queue). An exception from a handler stops the informer.
/// </summary>
internal sealed class InformerEventHandler<T>
{
    public Action<T>? OnAdd { get; init; }

    /// <summary>Old and new object. On a resync both are the same cached object.</summary>
    public Action<T, T>? OnUpdate { get; init; }

    /// <summary>The last known state of the object. After a relist this may be older than the real final state
    /// (client-go's DeletedFinalStateUnknown): the object vanished while the watch was down.</summary>
    public Action<T>? OnDelete { get; init; }
}
