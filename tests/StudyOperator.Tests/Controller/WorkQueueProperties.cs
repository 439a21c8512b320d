using System.Collections.Concurrent;
using FsCheck;
using FsCheck.Xunit;
using StudyOperator.Controller;

namespace StudyOperator.Tests.Controller;

public sealed class WorkQueueProperties
{
    /// <summary>
    /// For any sequence of adds over a few keys, with any number of workers and handlers that yield at random points,
    /// every key is processed at least once after its last add, and never by two workers at the same time.
    /// </summary>
    [Property(MaxTest = 50)]
    public async Task<bool> Each_key_is_processed_after_its_last_add_and_never_concurrently(byte[] script, PositiveInt workerCount)
    {
        using var h = new QueueHarness();
        var workers = 1 + (workerCount.Get % 6);
        var clock = 0L;
        var lastAdd = new ConcurrentDictionary<string, long>();
        var lastStart = new ConcurrentDictionary<string, long>();
        var inFlight = new ConcurrentDictionary<string, int>();
        var violations = 0;
        var busy = 0;
        var adds = 0L;
        var releases = new ConcurrentDictionary<long, TaskCompletionSource>();
        var addsFinished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task<ReconcileResult> Handle(string key, CancellationToken ct)
        {
            Interlocked.Increment(ref busy);
            if (inFlight.AddOrUpdate(key, 1, (_, n) => n + 1) > 1)
            {
                Interlocked.Increment(ref violations);
            }

            lastStart[key] = Interlocked.Increment(ref clock);

            // Stay in flight over the script's next two adds, so adds of the same key land while it is processed
            // and an idle worker has time to pick up a wrongly dispatched duplicate.
            var releaseAt = Interlocked.Read(ref adds) + 2;
            var release = releases.GetOrAdd(releaseAt, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            if (Interlocked.Read(ref adds) < releaseAt)
            {
                await Task.WhenAny(release.Task, addsFinished.Task);
            }

            inFlight.AddOrUpdate(key, 0, (_, n) => n - 1);
            Interlocked.Decrement(ref busy);
            return ReconcileResult.Done();
        }

        using var stop = new CancellationTokenSource();
        var run = h.Queue.RunWorkersAsync(workers, Handle, stop.Token);
        foreach (var step in script)
        {
            var key = $"k{step % 3}";
            lastAdd[key] = Interlocked.Increment(ref clock);
            h.Queue.Add(key);
            if (releases.TryRemove(Interlocked.Increment(ref adds), out var release))
            {
                release.SetResult();
            }

            // Settle before the next add: the key is taken by an idle worker, or every worker is busy. A queue that
            // dispatched a key already in flight would hand it to an idle worker here, next to the running one.
            var deadline = DateTime.UtcNow + ControllerTestWait.DefaultTimeout;
            while (h.Queue.Count > 0 && Volatile.Read(ref busy) < workers && DateTime.UtcNow < deadline)
            {
                await Task.Yield();
            }
        }

        addsFinished.SetResult();
        bool AllSeen() => lastAdd.All(add => lastStart.TryGetValue(add.Key, out var start) && start > add.Value);
        await ControllerTestWait.UntilAsync(AllSeen, "every key is processed after its last add");
        await stop.CancelAsync();
        await ControllerTestWait.Within(run, "the workers to stop");
        return Volatile.Read(ref violations) == 0 && AllSeen();
    }
}
