using System.Threading.Channels;

namespace StudyOperator.Sandbox.Storage;

/// <summary>A live feed of committed changes for one storage key (or all keys), optionally one namespace.</summary>
internal sealed class StoreSubscription(ObjectStore store, string? storageKey, string? ns) : IDisposable
{
    private readonly Channel<StoreEvent> channel = Channel.CreateUnbounded<StoreEvent>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<StoreEvent> Events => channel.Reader;

    internal bool Matches(StoreEvent e) =>
        (storageKey is null || storageKey == e.StorageKey) && (ns is null || ns == e.Namespace);

    internal void Publish(StoreEvent e) => channel.Writer.TryWrite(e);

    /// <summary>Ends the feed; readers finish after the buffered events.</summary>
    internal void Complete() => channel.Writer.TryComplete();

    public void Dispose()
    {
        store.Unsubscribe(this);
        channel.Writer.TryComplete();
    }
}
