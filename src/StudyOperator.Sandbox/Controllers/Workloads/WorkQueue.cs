using System.Collections.Concurrent;
using System.Threading.Channels;

namespace StudyOperator.Sandbox.Controllers.Workloads;

/// <summary>
/// A de-duplicating work queue like client-go's: a key queued twice before it is processed is processed once, and a key
/// queued while it is being processed is processed again afterwards. <see cref="AddAfter"/> is client-go's AddAfter.
/// </summary>
internal sealed class WorkQueue(TimeProvider time, CancellationToken stopping)
{
    private readonly Channel<WorkItem> channel = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<WorkItem, byte> queued = new();

    public void Add(WorkItem item)
    {
        if (queued.TryAdd(item, 0))
        {
            channel.Writer.TryWrite(item);
        }
    }

    public void AddAfter(WorkItem item, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(item);
            return;
        }

        _ = Task.Delay(delay, time, stopping).ContinueWith(_ => Add(item), stopping, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    /// <summary>Takes the next key; it may be queued again from then on.</summary>
    public async ValueTask<WorkItem> TakeAsync(CancellationToken cancellationToken)
    {
        var item = await channel.Reader.ReadAsync(cancellationToken);
        queued.TryRemove(item, out _);
        return item;
    }
}
