using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Diagnostics;

/// <summary>
/// Records, at commit time, when each pod became Ready and when it was deleted, so tests can check the
/// numbers the labs report against what really happened.
/// </summary>
public sealed class PodTimeline
{
    private readonly ConcurrentDictionary<string, PodRecord> records = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>Every pod seen so far (deleted ones included), oldest first.</summary>
    public IReadOnlyList<PodRecord> Pods => [.. records.Values.OrderBy(r => r.Created)];

    public PodRecord? Find(string ns, string name) =>
        records.Values.Where(r => r.Namespace == ns && r.Name == name).OrderByDescending(r => r.Created).FirstOrDefault();

    /// <summary>The pods of one namespace (deleted ones included), oldest first.</summary>
    public IReadOnlyList<PodRecord> InNamespace(string ns) => [.. Pods.Where(r => r.Namespace == ns)];

    /// <summary>An EndpointSlice change: pods that became or stopped being ready endpoints.</summary>
    internal void ObserveEndpoints(StoreEvent e)
    {
        // Pod and EndpointSlice changes arrive on two loops; both read-modify-write the same records.
        lock (gate)
        {
            ObserveEndpointsLocked(e);
        }
    }

    private void ObserveEndpointsLocked(StoreEvent e)
    {
        var before = e.OldObject is { } old ? ReadyEndpoints(old) : [];
        var after = e.Type == WatchEventType.Deleted ? [] : ReadyEndpoints(e.Object);
        foreach (var uid in after.Except(before))
        {
            if (records.TryGetValue(uid, out var record) && record.JoinedEndpoints is null)
            {
                records[uid] = record with { JoinedEndpoints = e.Committed };
            }
        }

        foreach (var uid in before.Except(after))
        {
            if (records.TryGetValue(uid, out var record))
            {
                records[uid] = record with { LeftEndpoints = e.Committed };
            }
        }
    }

    private static HashSet<string> ReadyEndpoints(JsonObject slice) =>
        (slice["endpoints"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(ep => ep.At("conditions", "ready") is not JsonValue ready || (ready.TryGetValue<bool>(out var r) && r))
            .Select(ep => ep.Str("targetRef", "uid"))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

    internal void Observe(StoreEvent e)
    {
        lock (gate)
        {
            ObserveLocked(e);
        }
    }

    private void ObserveLocked(StoreEvent e)
    {
        var uid = e.Object.Uid();
        if (uid is null)
        {
            return;
        }

        var record = records.GetOrAdd(uid, _ => new PodRecord(e.Object.Ns(), e.Object.Name(), uid, e.Committed));
        if (record.Ready is null && e.Type != WatchEventType.Deleted && IsReady(e.Object))
        {
            record = record with { Ready = e.Committed };
        }

        if (record.DeletionRequested is null && e.Object.IsTerminating())
        {
            record = record with { DeletionRequested = e.Committed };
        }

        if (e.Type == WatchEventType.Deleted)
        {
            record = record with { Deleted = e.Committed, DeletionRequested = record.DeletionRequested ?? e.Committed };
        }

        records[uid] = record;
    }

    internal static bool IsReady(JsonObject pod) =>
        pod.At("status", "conditions") is JsonArray conditions
        && conditions.OfType<JsonObject>().Any(c => c.Str("type") == "Ready" && c.Str("status") == "True");

    internal JsonObject ToJson(string? ns = null)
    {
        static JsonNode? Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var items = new JsonArray();
        foreach (var r in ns is null ? Pods : InNamespace(ns))
        {
            items.Add(new JsonObject
            {
                ["namespace"] = r.Namespace,
                ["name"] = r.Name,
                ["uid"] = r.Uid,
                ["created"] = Time(r.Created),
                ["ready"] = Time(r.Ready),
                ["joinedEndpoints"] = Time(r.JoinedEndpoints),
                ["deletionRequested"] = Time(r.DeletionRequested),
                ["leftEndpoints"] = Time(r.LeftEndpoints),
                ["deleted"] = Time(r.Deleted),
            });
        }

        return new JsonObject { ["items"] = items };
    }
}
