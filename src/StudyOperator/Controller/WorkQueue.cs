using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;

namespace StudyOperator.Controller;

/// <summary>
/// A de-duplicating, rate-limited work queue with client-go workqueue semantics:
/// a key added while queued is queued once; a key added while being processed is queued again only when
/// <see cref="Done"/> is called, so one key is never processed by two workers at once; failures back off per key;
/// delayed adds wait on the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class WorkQueue<TKey> : IDisposable where TKey : notnull
{
    private readonly Lock gate = new();
    private readonly Queue<TKey> ready = new();
    private readonly HashSet<TKey> dirty = [];
    private readonly HashSet<TKey> processing = [];
    private readonly Dictionary<TKey, long> enqueuedAt = [];
    private readonly Dictionary<TKey, DateTimeOffset> waitingUntil = [];
    private readonly PriorityQueue<TKey, DateTimeOffset> waiting = new();
    private readonly SemaphoreSlim readyCount = new(0);
    private readonly CancellationTokenSource shutdown = new();
    private readonly ExponentialBackoff<TKey> backoff;
    private readonly WorkQueueOptions options;
    private readonly TimeProvider time;
    private readonly ControllerMetrics metrics;
    private readonly ILogger logger;
    private readonly ITimer timer;
    private bool shuttingDown;

    public WorkQueue(string name, WorkQueueOptions options, TimeProvider time, ControllerMetrics metrics, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Name = name;
        this.options = options;
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        backoff = new ExponentialBackoff<TKey>(options.BaseRetryDelay, options.MaxRetryDelay);
        timer = time.CreateTimer(static state => ((WorkQueue<TKey>)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string Name { get; }

    /// <summary>Keys ready to be handed to a worker (the depth metric).</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return ready.Count;
            }
        }
    }

    /// <summary>Keys a worker is processing right now.</summary>
    public int ProcessingCount
    {
        get
        {
            lock (gate)
            {
                return processing.Count;
            }
        }
    }

    /// <summary>Keys waiting for a delay (backoff, Retry-After or RequeueAfter) to pass.</summary>
    public int WaitingCount
    {
        get
        {
            lock (gate)
            {
                return waitingUntil.Count;
            }
        }
    }

    public bool IsShuttingDown
    {
        get
        {
            lock (gate)
            {
                return shuttingDown;
            }
        }
    }

    public void Add(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (gate)
        {
            AddLocked(key);
        }
    }

    /// <summary>Adds the key once the delay has passed; if it is already waiting, the earlier time wins.</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        var at = time.GetUtcNow() + delay;
        lock (gate)
        {
            if (shuttingDown || (waitingUntil.TryGetValue(key, out var existing) && existing <= at))
            {
                return;
            }

            // The old heap entry stays behind; OnTimer skips entries whose time no longer matches waitingUntil.
            waitingUntil[key] = at;
            waiting.Enqueue(key, at);
            ScheduleLocked();
        }
    }

    /// <summary>Counts a failure of the key and adds it again after its exponential backoff.</summary>
    public void AddRateLimited(TKey key)
    {
        var delay = backoff.When(key);
        metrics.QueueRetried(Name);
        AddAfter(key, delay);
    }

    /// <summary>Counts a failure of the key (so later failures keep backing off) but retries after the given delay.</summary>
    public void RetryAfter(TKey key, TimeSpan delay)
    {
        backoff.When(key);
        metrics.QueueRetried(Name);
        AddAfter(key, delay);
    }

    /// <summary>Resets the key's backoff; call it when the key was processed successfully.</summary>
    public void Forget(TKey key) => backoff.Forget(key);

    public int NumRequeues(TKey key) => backoff.NumRequeues(key);

    /// <summary>
    /// Waits for the next key and marks it as being processed; the caller must call <see cref="Done"/> afterwards.
    /// Returns false once the queue is shut down, even if keys are still queued.
    /// </summary>
    public async Task<(bool Ok, TKey Key)> TryGetAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, shutdown.Token);
        try
        {
            await readyCount.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (false, default!);
        }

        lock (gate)
        {
            // Every Release matches one Enqueue, so a successful wait always finds a key.
            var key = ready.Dequeue();
            processing.Add(key);
            dirty.Remove(key);
            metrics.QueueDepthChanged(Name, -1);
            if (enqueuedAt.Remove(key, out var since))
            {
                metrics.QueueWaited(Name, time.GetElapsedTime(since));
            }

            return (true, key);
        }
    }

    /// <summary>Marks the key as no longer processed; if it was added meanwhile, it is queued now.</summary>
    public void Done(TKey key)
    {
        lock (gate)
        {
            processing.Remove(key);
            if (dirty.Contains(key))
            {
                EnqueueLocked(key);
            }
        }
    }

    /// <summary>Stops handing out keys and ignores further adds; keys being processed may still finish.</summary>
    public void ShutDown()
    {
        lock (gate)
        {
            if (shuttingDown)
            {
                return;
            }

            shuttingDown = true;
            waiting.Clear();
            waitingUntil.Clear();
            timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        shutdown.Cancel();
    }

    /// <summary>
    /// Runs <paramref name="workers"/> workers until <paramref name="cancellationToken"/> is cancelled, then shuts the
    /// queue down gracefully: no new keys are taken, in-flight handlers finish (their token is cancelled only after
    /// <see cref="WorkQueueOptions.ShutdownGracePeriod"/>), and the task completes when every worker has stopped.
    /// </summary>
    public async Task RunWorkersAsync(int workers, Func<TKey, CancellationToken, Task<ReconcileResult>> handler, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentNullException.ThrowIfNull(handler);

        using var work = new CancellationTokenSource();
        using var graceTimer = time.CreateTimer(static state => CancelQuietly((CancellationTokenSource)state!), work, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        using var stopping = cancellationToken.Register(() =>
        {
            ShutDown();
            graceTimer.Change(options.ShutdownGracePeriod, Timeout.InfiniteTimeSpan);
        });

        // Deliberately not cancellationToken: in-flight work gets the grace period, not an instant cancel.
        var running = Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkerAsync(handler, work.Token), CancellationToken.None)).ToArray();
        await Task.WhenAll(running);
        Log.WorkQueueStopped(logger, Name);
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "A handler failure is mapped to a retry with backoff and logged (controller-runtime does the same); it must not kill the worker.")]
    private async Task WorkerAsync(Func<TKey, CancellationToken, Task<ReconcileResult>> handler, CancellationToken workToken)
    {
        while (true)
        {
            // Shutdown reaches this wait through ShutDown(), not a token, so in-flight work of other workers is untouched.
            var (ok, key) = await TryGetAsync(CancellationToken.None);
            if (!ok)
            {
                return;
            }

            var started = time.GetTimestamp();
            ReconcileResult result;
            try
            {
                result = await handler(key, workToken);
            }
            catch (OperationCanceledException) when (workToken.IsCancellationRequested)
            {
                // The grace period ran out; the next start lists everything again, so the key is not lost.
                Done(key);
                return;
            }
            catch (Exception ex)
            {
                result = ReconcileResult.FromException(ex, time);
                Log.HandlerFailed(logger, ex, Name, key);
            }
            finally
            {
                metrics.QueueWorked(Name, time.GetElapsedTime(started));
            }

            Apply(key, result);
            Done(key);
        }
    }

    /// <summary>Schedules the key again according to a reconcile result.</summary>
    public void Apply(TKey key, ReconcileResult result)
    {
        switch (result.Kind)
        {
            case ReconcileResultKind.RequeueAfter:
                Forget(key);
                AddAfter(key, result.Delay ?? TimeSpan.Zero);
                break;
            case ReconcileResultKind.Retry when result.Delay is { } delay:
                RetryAfter(key, delay);
                break;
            case ReconcileResultKind.Retry:
                AddRateLimited(key);
                break;
            default:
                // Done, or a terminal failure that waits for the object to change.
                Forget(key);
                break;
        }
    }

    public void Dispose()
    {
        ShutDown();
        timer.Dispose();
        shutdown.Dispose();
        readyCount.Dispose();
    }

    private void AddLocked(TKey key)
    {
        if (shuttingDown || !dirty.Add(key))
        {
            return;
        }

        metrics.QueueAdded(Name);
        if (!processing.Contains(key))
        {
            EnqueueLocked(key);
        }
    }

    private void EnqueueLocked(TKey key)
    {
        ready.Enqueue(key);
        enqueuedAt[key] = time.GetTimestamp();
        metrics.QueueDepthChanged(Name, 1);
        readyCount.Release();
    }

    private void OnTimer()
    {
        lock (gate)
        {
            if (shuttingDown)
            {
                return;
            }

            var now = time.GetUtcNow();
            while (waiting.TryPeek(out var key, out var at))
            {
                if (!waitingUntil.TryGetValue(key, out var current) || current != at)
                {
                    waiting.Dequeue();
                    continue;
                }

                if (at > now)
                {
                    break;
                }

                waiting.Dequeue();
                waitingUntil.Remove(key);
                AddLocked(key);
            }

            ScheduleLocked();
        }
    }

    private void ScheduleLocked()
    {
        while (waiting.TryPeek(out var key, out var at))
        {
            if (waitingUntil.TryGetValue(key, out var current) && current == at)
            {
                var due = at - time.GetUtcNow();
                timer.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
                return;
            }

            waiting.Dequeue();
        }

        timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The workers finished before the grace period ended; nothing is left to cancel.
        }
    }
}
