using System.Globalization;
using System.Text.Json.Nodes;

namespace StudyOperator.Sandbox.Storage;

/// <summary>
/// All objects of the cluster, keyed by one global, monotonically increasing resourceVersion (as etcd does).
/// A bounded window of recent changes per storage key (like the apiserver's per-resource watch cache) lets
/// watches resume; older starting points are answered with 410.
/// Writers lock <see cref="Sync"/> around read-modify-write sequences (the lock is re-entrant).
/// </summary>
internal sealed class ObjectStore(int windowSize = 20000, TimeProvider? time = null)
{
    private readonly Dictionary<string, SortedDictionary<string, SortedDictionary<string, JsonObject>>> tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChangeWindow> windows = new(StringComparer.Ordinal);
    private readonly List<StoreSubscription> subscriptions = [];
    private readonly Dictionary<string, (string StorageKey, string Ns, string Name)> byUid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<(string StorageKey, string Ns, string Name)>> dependents = new(StringComparer.Ordinal);
    private long resourceVersion = 1;
    private long compactedFloor = 1;

    public object Sync { get; } = new();

    private DateTimeOffset Now => (time ?? TimeProvider.System).GetUtcNow();

    public long CurrentResourceVersion
    {
        get
        {
            lock (Sync)
            {
                return resourceVersion;
            }
        }
    }

    /// <summary>Everything older was forgotten by <see cref="Compact"/>.</summary>
    public long CompactedResourceVersion
    {
        get
        {
            lock (Sync)
            {
                return compactedFloor;
            }
        }
    }

    /// <summary>Oldest resourceVersion a watch of <paramref name="storageKey"/> (or of everything, when null) may still start from.</summary>
    public long CompactedResourceVersionOf(string? storageKey)
    {
        lock (Sync)
        {
            if (storageKey is null)
            {
                return windows.Values.Select(w => w.Compacted).Append(compactedFloor).Max();
            }

            return Math.Max(compactedFloor, windows.TryGetValue(storageKey, out var w) ? w.Compacted : compactedFloor);
        }
    }

    public JsonObject? Get(string storageKey, string ns, string name)
    {
        lock (Sync)
        {
            return tables.TryGetValue(storageKey, out var byNs) && byNs.TryGetValue(ns, out var byName) && byName.TryGetValue(name, out var obj) ? obj : null;
        }
    }

    /// <summary>Objects of one kind in name order (namespace, then name), and the resourceVersion of the snapshot.</summary>
    public (List<JsonObject> Items, long ResourceVersion) List(string storageKey, string? ns)
    {
        lock (Sync)
        {
            var items = new List<JsonObject>();
            if (tables.TryGetValue(storageKey, out var byNs))
            {
                if (ns is not null)
                {
                    if (byNs.TryGetValue(ns, out var byName))
                    {
                        items.AddRange(byName.Values);
                    }
                }
                else
                {
                    foreach (var byName in byNs.Values)
                    {
                        items.AddRange(byName.Values);
                    }
                }
            }

            return (items, resourceVersion);
        }
    }

    public (string StorageKey, JsonObject Object)? FindByUid(string uid)
    {
        lock (Sync)
        {
            return byUid.TryGetValue(uid, out var k) && Get(k.StorageKey, k.Ns, k.Name) is { } obj ? (k.StorageKey, obj) : null;
        }
    }

    /// <summary>Objects whose ownerReferences name <paramref name="ownerUid"/>.</summary>
    public List<(string StorageKey, JsonObject Object)> DependentsOf(string ownerUid)
    {
        lock (Sync)
        {
            var result = new List<(string, JsonObject)>();
            if (dependents.TryGetValue(ownerUid, out var set))
            {
                foreach (var d in set)
                {
                    if (Get(d.StorageKey, d.Ns, d.Name) is { } obj)
                    {
                        result.Add((d.StorageKey, obj));
                    }
                }
            }

            return result;
        }
    }

    /// <summary>Stores a new or changed object, stamping a new resourceVersion; returns the stored (frozen) object.</summary>
    public JsonObject Put(string storageKey, JsonObject obj)
    {
        lock (Sync)
        {
            var ns = obj.Ns();
            var name = obj.Name();
            var old = Get(storageKey, ns, name);
            var rv = ++resourceVersion;
            obj.Meta()["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
            obj.Freeze();
            if (!tables.TryGetValue(storageKey, out var byNs))
            {
                byNs = new SortedDictionary<string, SortedDictionary<string, JsonObject>>(StringComparer.Ordinal);
                tables[storageKey] = byNs;
            }

            if (!byNs.TryGetValue(ns, out var byName))
            {
                byName = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
                byNs[ns] = byName;
            }

            byName[name] = obj;
            if (old is not null)
            {
                Unindex(storageKey, old);
            }

            Index(storageKey, obj);
            Commit(new StoreEvent(rv, old is null ? WatchEventType.Added : WatchEventType.Modified, storageKey, obj, old, Now));
            return obj;
        }
    }

    /// <summary>Removes an object; the DELETED event carries its last state with the deletion's resourceVersion.</summary>
    public JsonObject? Remove(string storageKey, string ns, string name)
    {
        lock (Sync)
        {
            if (!tables.TryGetValue(storageKey, out var byNs) || !byNs.TryGetValue(ns, out var byName) || !byName.Remove(name, out var old))
            {
                return null;
            }

            if (byName.Count == 0)
            {
                byNs.Remove(ns);
            }

            Unindex(storageKey, old);
            var rv = ++resourceVersion;
            var last = old.CloneObject();
            last.Meta()["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
            last.Freeze();
            Commit(new StoreEvent(rv, WatchEventType.Deleted, storageKey, last, old, Now));
            return last;
        }
    }

    /// <summary>
    /// Subscribes to changes after <paramref name="fromRv"/> (replayed from the window, then live) atomically, so no change is missed.
    /// </summary>
    public StoreSubscription Subscribe(string? storageKey, string? ns, long fromRv)
    {
        lock (Sync)
        {
            var compacted = CompactedResourceVersionOf(storageKey);
            if (fromRv < compacted)
            {
                throw new ResourceVersionExpiredException(fromRv, compacted);
            }

            var sub = new StoreSubscription(this, storageKey, ns);
            var replay = storageKey is null
                ? windows.Values.SelectMany(w => w.After(fromRv)).OrderBy(e => e.ResourceVersion)
                : windows.TryGetValue(storageKey, out var window) ? window.After(fromRv) : [];
            foreach (var e in replay)
            {
                if (sub.Matches(e))
                {
                    sub.Publish(e);
                }
            }

            subscriptions.Add(sub);
            return sub;
        }
    }

    /// <summary>Subscribes to live changes from now on.</summary>
    public StoreSubscription SubscribeLive(string? storageKey, string? ns)
    {
        lock (Sync)
        {
            return Subscribe(storageKey, ns, resourceVersion);
        }
    }

    internal void Unsubscribe(StoreSubscription sub)
    {
        lock (Sync)
        {
            subscriptions.Remove(sub);
        }
    }

    /// <summary>Forgets the retained window (fault injection: every older resourceVersion now answers 410).</summary>
    public void Compact()
    {
        lock (Sync)
        {
            compactedFloor = resourceVersion;
            windows.Clear();
        }
    }

    private void Commit(StoreEvent e)
    {
        if (!windows.TryGetValue(e.StorageKey, out var window))
        {
            window = new ChangeWindow(windowSize, compactedFloor);
            windows[e.StorageKey] = window;
        }

        window.Add(e);
        foreach (var sub in subscriptions)
        {
            if (sub.Matches(e))
            {
                sub.Publish(e);
            }
        }
    }

    private void Index(string storageKey, JsonObject obj)
    {
        var key = (storageKey, obj.Ns(), obj.Name());
        if (obj.Uid() is { } uid)
        {
            byUid[uid] = key;
        }

        foreach (var ownerUid in OwnerUids(obj))
        {
            if (!dependents.TryGetValue(ownerUid, out var set))
            {
                set = [];
                dependents[ownerUid] = set;
            }

            set.Add(key);
        }
    }

    private void Unindex(string storageKey, JsonObject obj)
    {
        var key = (storageKey, obj.Ns(), obj.Name());
        if (obj.Uid() is { } uid)
        {
            byUid.Remove(uid);
        }

        foreach (var ownerUid in OwnerUids(obj))
        {
            if (dependents.TryGetValue(ownerUid, out var set))
            {
                set.Remove(key);
                if (set.Count == 0)
                {
                    dependents.Remove(ownerUid);
                }
            }
        }
    }

    internal static IEnumerable<string> OwnerUids(JsonObject obj) =>
        obj.At("metadata", "ownerReferences") is JsonArray refs
            ? refs.OfType<JsonObject>().Select(r => r.Str("uid")).OfType<string>()
            : [];
}
