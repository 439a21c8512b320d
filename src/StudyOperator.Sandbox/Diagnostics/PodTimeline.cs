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

    /// <summary>Every pod seen so far (deleted ones included), oldest first.</summary>
    public IReadOnlyList<PodRecord> Pods => [.. records.Values.OrderBy(r => r.Created)];

    public PodRecord? Find(string ns, string name) =>
        records.Values.Where(r => r.Namespace == ns && r.Name == name).OrderByDescending(r => r.Created).FirstOrDefault();

    internal void Observe(StoreEvent e)
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

    internal JsonObject ToJson()
    {
        static JsonNode? Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var items = new JsonArray();
        foreach (var r in Pods)
        {
            items.Add(new JsonObject
            {
                ["namespace"] = r.Namespace,
                ["name"] = r.Name,
                ["uid"] = r.Uid,
                ["created"] = Time(r.Created),
                ["ready"] = Time(r.Ready),
                ["deletionRequested"] = Time(r.DeletionRequested),
                ["deleted"] = Time(r.Deleted),
            });
        }

        return new JsonObject { ["items"] = items };
    }
}
