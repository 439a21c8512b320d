using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace StudyOperator.Controller;

/// <summary>
/// Keeps a local, thread-safe cache of one kind of object in step with the API server (client-go's reflector +
/// indexer + shared informer, reduced to what a controller needs): list, then watch from the list's resourceVersion;
/// on a closed stream watch again from the last seen resourceVersion (bookmarks advance it); on 410 Gone list again
/// and synthesize deletes for objects that vanished meanwhile; back off on errors; optionally re-deliver the whole
/// cache to the handlers every resync period without calling the API.
/// </summary>
internal sealed class Informer<T> where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ConcurrentDictionary<ObjectKey, T> cache = new();
    private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Serialises cache writes with handler delivery, so handlers see changes one at a time and in order.
    private readonly Lock gate = new();
    private readonly IListWatchSource<T> source;
    private readonly InformerOptions options;
    private readonly TimeProvider time;
    private readonly ControllerMetrics metrics;
    private readonly ILogger logger;
    private InformerEventHandler<T>[] handlers = [];

    // One secondary index (client-go's indexer, reduced to what a controller needs): index key → cache keys. Guarded by gate.
    private readonly Dictionary<ObjectKey, HashSet<ObjectKey>> index = [];
    private Func<T, IEnumerable<ObjectKey>>? indexKeys;
    private Action<T>? trim;
    private string? resourceVersion;
    private int eventsOnThisWatch;
    private int running;

    public Informer(IListWatchSource<T> source, InformerOptions options, TimeProvider time, ControllerMetrics metrics, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.source = source ?? throw new ArgumentNullException(nameof(source));
        this.options = options;
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public string Name => options.Name;

    /// <summary>True once the first list has been delivered to the cache and the handlers.</summary>
    public bool HasSynced => synced.Task.IsCompleted;

    /// <summary>The resourceVersion the next watch starts from.</summary>
    public string? LastSyncResourceVersion
    {
        get
        {
            lock (gate)
            {
                return resourceVersion;
            }
        }
    }

    public int Count => cache.Count;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => synced.Task.WaitAsync(cancellationToken);

    /// <summary>Reads from the cache. Cached objects are shared: treat them as read-only.</summary>
    public bool TryGet(ObjectKey key, [MaybeNullWhen(false)] out T obj) => cache.TryGetValue(key, out obj);

    public T? Get(ObjectKey key) => cache.TryGetValue(key, out var obj) ? obj : null;

    public IReadOnlyList<T> List() => [.. cache.Values];

    /// <summary>
    /// Indexes the cache by <paramref name="keys"/> (e.g. the lab an object belongs to), so <see cref="Indexed"/>
    /// finds an owner's objects without scanning the whole cache. Set before the informer runs.
    /// </summary>
    public void IndexBy(Func<T, IEnumerable<ObjectKey>> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        lock (gate)
        {
            if (running == 1 || indexKeys is not null)
            {
                throw new InvalidOperationException($"Informer {Name}: set the index once, before the informer runs.");
            }

            indexKeys = keys;
        }
    }

    /// <summary>
    /// Drops parts of each object before it is cached and handed to the handlers (client-go's SetTransform), e.g. the
    /// spec of objects a controller reads only metadata and status of. Set before the informer runs.
    /// </summary>
    public void TrimWith(Action<T> trimmer)
    {
        ArgumentNullException.ThrowIfNull(trimmer);
        lock (gate)
        {
            if (running == 1 || trim is not null)
            {
                throw new InvalidOperationException($"Informer {Name}: set the trim once, before the informer runs.");
            }

            trim = trimmer;
        }
    }

    /// <summary>The cached objects filed under <paramref name="key"/> by the index function.</summary>
    public IReadOnlyList<T> Indexed(ObjectKey key)
    {
        lock (gate)
        {
            if (indexKeys is null)
            {
                throw new InvalidOperationException($"Informer {Name} has no index.");
            }

            return index.TryGetValue(key, out var keys) ? [.. keys.Select(k => cache[k])] : [];
        }
    }

    /// <summary>Adds handlers; like client-go, a handler added after the first list is first told of every cached object.</summary>
    public void AddEventHandler(InformerEventHandler<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (gate)
        {
            handlers = [.. handlers, handler];
            if (handler.OnAdd is { } onAdd)
            {
                foreach (var obj in cache.Values)
                {
                    onAdd(obj);
                }
            }
        }
    }

    /// <summary>Lists and watches until cancelled. Transient API failures are retried; a handler exception ends the run.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref running, 1) == 1)
        {
            throw new InvalidOperationException($"Informer {Name} is already running.");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task[] loops = options.ResyncPeriod is { } period
            ? [ListAndWatchAsync(stop.Token), ResyncLoopAsync(period, stop.Token)]
            : [ListAndWatchAsync(stop.Token)];
        try
        {
            await Task.WhenAny(loops);
        }
        finally
        {
            // Whichever loop ended first (cancelled or failed) takes the other one down with it.
            await stop.CancelAsync();
        }

        await Task.WhenAll(loops);
    }

    /// <summary>Re-delivers every cached object to the update handlers; no API call is involved.</summary>
    internal void Resync()
    {
        lock (gate)
        {
            foreach (var obj in cache.Values)
            {
                foreach (var handler in handlers)
                {
                    handler.OnUpdate?.Invoke(obj, obj);
                }
            }
        }
    }

    private async Task ListAndWatchAsync(CancellationToken cancellationToken)
    {
        var needList = true;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            string restart;
            TimeSpan? wait = null;
            try
            {
                if (needList)
                {
                    await ListAsync(cancellationToken);
                    needList = false;
                }

                await WatchAsync(cancellationToken);
                if (eventsOnThisWatch > 0)
                {
                    // The server ended the watch (its timeout); routine, so watch again at once from where we are.
                    failures = 0;
                    restart = "closed";
                    Log.WatchClosed(logger, Name, LastSyncResourceVersion);
                }
                else
                {
                    // A stream that closes before saying anything would otherwise spin; pace it like a failure.
                    restart = "closed_empty";
                    wait = Backoff(++failures);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (KubernetesErrors.IsGone(ex))
            {
                restart = "gone";
                Log.ResourceVersionExpired(logger, Name, LastSyncResourceVersion);
                needList = true;

                // Expiry after a long quiet watch is routine: relist at once. Expiry right after a list means trouble.
                wait = eventsOnThisWatch == 0 ? Backoff(++failures) : null;
            }
            catch (Exception ex) when (KubernetesErrors.IsTransient(ex))
            {
                restart = "error";
                wait = Backoff(++failures);
                Log.ListWatchFailed(logger, ex, Name, needList ? "list" : "watch", wait.Value);
            }

            if (wait is not { } delay)
            {
                metrics.InformerWatchRestarted(Name, restart);
                continue;
            }

            // The timer starts before the restart is counted, so whoever sees the count knows the wait has begun.
            var pause = Task.Delay(delay, time, cancellationToken);
            metrics.InformerWatchRestarted(Name, restart);
            try
            {
                await pause;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var result = await source.ListAsync(options.Namespace, cancellationToken);
        metrics.InformerListed(Name);
        lock (gate)
        {
            var seen = new HashSet<ObjectKey>();
            foreach (var obj in result.Items)
            {
                var key = ObjectKey.Of(obj);
                seen.Add(key);
                if (cache.TryGetValue(key, out var old))
                {
                    Store(key, obj, old);

                    // Unlike client-go we skip unchanged objects: a relist should not reconcile everything.
                    if (old.Metadata.ResourceVersion != obj.Metadata.ResourceVersion)
                    {
                        NotifyUpdate(old, obj);
                    }
                }
                else
                {
                    Store(key, obj, null);
                    NotifyAdd(obj);
                }
            }

            foreach (var (key, old) in cache)
            {
                if (!seen.Contains(key) && Forget(key))
                {
                    Log.SynthesizedDelete(logger, Name, key);
                    NotifyDelete(old);
                }
            }

            resourceVersion = result.ResourceVersion;
        }

        Log.Listed(logger, Name, result.Items.Count, result.ResourceVersion);
        synced.TrySetResult();
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        eventsOnThisWatch = 0;
        var from = LastSyncResourceVersion ?? "";
        await foreach (var (type, obj) in source.WatchAsync(options.Namespace, from, cancellationToken).WithCancellation(cancellationToken))
        {
            lock (gate)
            {
                Apply(type, obj);
            }

            eventsOnThisWatch++;
        }
    }

    private void Apply(WatchEventType type, T obj)
    {
        switch (type)
        {
            case WatchEventType.Bookmark:
                break;
            case WatchEventType.Added or WatchEventType.Modified:
                {
                    var key = ObjectKey.Of(obj);
                    var existed = cache.TryGetValue(key, out var old);
                    Store(key, obj, old);
                    if (existed)
                    {
                        NotifyUpdate(old!, obj);
                    }
                    else
                    {
                        NotifyAdd(obj);
                    }

                    break;
                }

            case WatchEventType.Deleted:
                {
                    Forget(ObjectKey.Of(obj));
                    NotifyDelete(obj);
                    break;
                }

            default:
                throw new InvalidOperationException(
                    $"Informer {Name}: the source yielded a {type} event; a source must throw watch errors as KubernetesException.");
        }

        metrics.InformerEvent(Name, type.ToString());
        if (obj.Metadata?.ResourceVersion is { Length: > 0 } rv)
        {
            resourceVersion = rv;
        }
    }

    /// <summary>Caches an object (under the gate) and files it in the index.</summary>
    private void Store(ObjectKey key, T obj, T? old)
    {
        if (options.StripManagedFields)
        {
            obj.Metadata.ManagedFields = null;
        }

        trim?.Invoke(obj);
        if (options.InternMetadata)
        {
            StringPool.Shared.InternMetadata(obj.Metadata);
        }

        cache[key] = obj;
        if (indexKeys is null)
        {
            return;
        }

        if (old is not null)
        {
            Unindex(key, old);
        }

        foreach (var indexKey in indexKeys(obj))
        {
            if (!index.TryGetValue(indexKey, out var keys))
            {
                index[indexKey] = keys = [];
            }

            keys.Add(key);
        }
    }

    /// <summary>Removes an object (under the gate) from the cache and the index; false when it was not cached.</summary>
    private bool Forget(ObjectKey key)
    {
        if (!cache.TryRemove(key, out var old))
        {
            return false;
        }

        if (indexKeys is not null)
        {
            Unindex(key, old);
        }

        return true;
    }

    private void Unindex(ObjectKey key, T old)
    {
        foreach (var indexKey in indexKeys!(old))
        {
            if (index.TryGetValue(indexKey, out var keys) && keys.Remove(key) && keys.Count == 0)
            {
                index.Remove(indexKey);
            }
        }
    }

    private async Task ResyncLoopAsync(TimeSpan period, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (HasSynced)
                {
                    Resync();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var exponent = Math.Min(failures - 1, 30);
        var ticks = options.InitialBackoff.Ticks * Math.Pow(2, exponent);
        return ticks >= options.MaxBackoff.Ticks ? options.MaxBackoff : TimeSpan.FromTicks((long)ticks);
    }

    private void NotifyAdd(T obj)
    {
        foreach (var handler in handlers)
        {
            handler.OnAdd?.Invoke(obj);
        }
    }

    private void NotifyUpdate(T old, T obj)
    {
        foreach (var handler in handlers)
        {
            handler.OnUpdate?.Invoke(old, obj);
        }
    }

    private void NotifyDelete(T obj)
    {
        foreach (var handler in handlers)
        {
            handler.OnDelete?.Invoke(obj);
        }
    }
}
