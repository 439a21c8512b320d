using System.Globalization;
using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.FieldManagement;

/// <summary>
/// <c>metadata.managedFields</c> (server-side apply's field ownership): updates take over the fields they change;
/// applies own exactly the fields they send, conflict with other owners of a differing value unless forced,
/// and drop fields their manager applied before and no longer applies.
/// </summary>
internal static class ManagedFields
{
    /// <summary>Records an Update by <paramref name="manager"/>: it owns what it changed, other managers lose it.</summary>
    public static void RecordUpdate(JsonObject updated, JsonObject? old, FieldScope scope, string manager, string now)
    {
        var newLeaves = FieldSets.Leaves(updated, scope.KeyedLists, scope.HasStatus, scope.StatusOnly);
        var oldLeaves = old is null ? [] : FieldSets.Leaves(old, scope.KeyedLists, scope.HasStatus, scope.StatusOnly);
        var changed = newLeaves.Values.Where(l => !oldLeaves.TryGetValue(l.Key, out var o) || !JsonNode.DeepEquals(o.Value, l.Value)).ToList();
        var removed = oldLeaves.Keys.Where(k => !newLeaves.ContainsKey(k)).ToHashSet(StringComparer.Ordinal);
        var taken = changed.Select(c => c.Key).Concat(removed).ToHashSet(StringComparer.Ordinal);
        var entries = Entries(old);
        foreach (var entry in entries)
        {
            entry.Keys.ExceptWith(taken);
        }

        var mine = entries.FirstOrDefault(e => e.Manager == manager && e.Operation == "Update" && e.ApiVersion == scope.ApiVersion && e.Subresource == scope.Subresource);
        if (mine is null && changed.Count > 0)
        {
            mine = new ManagedFieldsEntry(manager, "Update", scope.ApiVersion, scope.Subresource, now, new HashSet<string>(StringComparer.Ordinal));
            entries.Add(mine);
        }

        if (mine is not null && changed.Count > 0)
        {
            mine.Keys.UnionWith(changed.Select(c => c.Key));
            mine.Time = now;
        }

        Write(updated, entries, newLeaves);
    }

    /// <summary>
    /// Prepares an apply: checks conflicts (409 unless forced, forced fields move to the applier) and removes from
    /// <paramref name="live"/> the fields this manager no longer applies and nobody else owns. Returns the entries to
    /// record once the applied configuration is merged.
    /// </summary>
    public static List<ManagedFieldsEntry> PrepareApply(JsonObject live, JsonObject config, FieldScope scope, string manager, bool force)
    {
        var applied = FieldSets.Leaves(config, scope.KeyedLists, scope.HasStatus, scope.StatusOnly);
        var current = FieldSets.Leaves(live, scope.KeyedLists, scope.HasStatus, scope.StatusOnly);
        var entries = Entries(live);
        var conflicts = new List<(ManagedFieldsEntry Entry, FieldLeaf Leaf)>();
        foreach (var entry in entries.Where(e => !(e.Manager == manager && e.Operation == "Apply")))
        {
            foreach (var key in entry.Keys)
            {
                if (applied.TryGetValue(key, out var leaf) && !leaf.IsElement && current.TryGetValue(key, out var live_) && !JsonNode.DeepEquals(live_.Value, leaf.Value))
                {
                    conflicts.Add((entry, leaf));
                }
            }
        }

        if (conflicts.Count > 0 && !force)
        {
            throw Conflict(conflicts);
        }

        foreach (var (entry, leaf) in conflicts)
        {
            entry.Keys.Remove(leaf.Key);
        }

        var mine = entries.FirstOrDefault(e => e.Manager == manager && e.Operation == "Apply" && e.Subresource == scope.Subresource);
        if (mine is not null)
        {
            var ownedByOthers = entries.Where(e => e != mine).SelectMany(e => e.Keys).ToHashSet(StringComparer.Ordinal);
            // Outermost first, so a dropped list element goes whole and its fields are not removed one by one.
            var stale = mine.Keys.Where(k => !applied.ContainsKey(k) && !ownedByOthers.Contains(k)).OrderBy(k => k.Length).ToList();
            var removed = new List<string>();
            foreach (var key in stale)
            {
                if (!removed.Any(r => key.StartsWith(r + "\n", StringComparison.Ordinal)) && current.TryGetValue(key, out var leaf))
                {
                    Remove(live, leaf.Elements);
                    removed.Add(key);
                }
            }

            entries.Remove(mine);
        }

        entries.Add(new ManagedFieldsEntry(manager, "Apply", scope.ApiVersion, scope.Subresource, "", applied.Keys.ToHashSet(StringComparer.Ordinal)));
        return entries;
    }

    /// <summary>Writes the entries of an apply (prepared by <see cref="PrepareApply"/>) onto the merged object.</summary>
    public static void RecordApply(JsonObject merged, List<ManagedFieldsEntry> entries, FieldScope scope, string now)
    {
        foreach (var e in entries.Where(e => e.Operation == "Apply" && e.Time.Length == 0))
        {
            e.Time = now;
        }

        Write(merged, entries, FieldSets.Leaves(merged, scope.KeyedLists, scope.HasStatus, scope.StatusOnly));
    }

    private static ApiException Conflict(List<(ManagedFieldsEntry Entry, FieldLeaf Leaf)> conflicts)
    {
        var causes = conflicts.Select(c => new FieldError("FieldManagerConflict", c.Leaf.Pretty, $"conflict with {c.Entry.Printed}")).ToList();
        string message;
        if (conflicts.Count == 1)
        {
            message = $"Apply failed with 1 conflict: conflict with {conflicts[0].Entry.Printed}: {conflicts[0].Leaf.Pretty}";
        }
        else
        {
            var lines = conflicts.GroupBy(c => c.Entry.Printed).OrderBy(g => g.Key, StringComparer.Ordinal)
                .SelectMany(g => new[] { $"conflicts with {g.Key}:" }.Concat(g.Select(c => $"- {c.Leaf.Pretty}")));
            message = $"Apply failed with {conflicts.Count} conflicts: {string.Join("\n", lines)}";
        }

        var details = new JsonObject
        {
            ["causes"] = new JsonArray(causes.Select(c => (JsonNode?)new JsonObject { ["reason"] = c.Reason, ["message"] = c.Message, ["field"] = c.Field }).ToArray()),
        };
        return new ApiException(409, "Conflict", message, details);
    }

    private static void Write(JsonObject obj, List<ManagedFieldsEntry> entries, Dictionary<string, FieldLeaf> leaves)
    {
        var array = new JsonArray();
        foreach (var e in entries.Where(e => e.Keys.Count > 0 || e.Operation == "Apply"))
        {
            var owned = e.Keys.Select(k => leaves.TryGetValue(k, out var l) ? l : new FieldLeaf(k.Split('\n'), null, k.Split('\n')[^1] is var last && (last.StartsWith("k:", StringComparison.Ordinal) || last.StartsWith("v:", StringComparison.Ordinal))));
            var entry = new JsonObject
            {
                ["manager"] = e.Manager,
                ["operation"] = e.Operation,
                ["apiVersion"] = e.ApiVersion,
                ["time"] = e.Time,
                ["fieldsType"] = "FieldsV1",
                ["fieldsV1"] = FieldSets.ToFieldsV1(owned),
            };
            if (e.Subresource.Length > 0)
            {
                entry["subresource"] = e.Subresource;
            }

            array.Add(entry);
        }

        if (array.Count == 0)
        {
            obj.Meta().Remove("managedFields");
        }
        else
        {
            obj.Meta()["managedFields"] = array;
        }
    }

    private static List<ManagedFieldsEntry> Entries(JsonObject? obj)
    {
        var entries = new List<ManagedFieldsEntry>();
        if (obj?.At("metadata", "managedFields") is not JsonArray array)
        {
            return entries;
        }

        foreach (var e in array.OfType<JsonObject>())
        {
            var keys = FieldSets.FromFieldsV1(e["fieldsV1"] as JsonObject).Select(p => string.Join('\n', p)).ToHashSet(StringComparer.Ordinal);
            entries.Add(new ManagedFieldsEntry(e.Str("manager") ?? "", e.Str("operation") ?? "Update", e.Str("apiVersion") ?? "", e.Str("subresource") ?? "", e.Str("time") ?? "", keys));
        }

        return entries;
    }

    private static void Remove(JsonObject root, IReadOnlyList<string> elements)
    {
        JsonNode? node = root;
        for (var i = 0; i < elements.Count - 1 && node is not null; i++)
        {
            node = Step(node, elements[i]);
        }

        var last = elements[^1];
        switch (node)
        {
            case JsonObject o when last.StartsWith("f:", StringComparison.Ordinal):
                o.Remove(last[2..]);
                break;
            case JsonArray a:
                var match = a.FirstOrDefault(item => Matches(item, last));
                if (match is not null)
                {
                    a.Remove(match);
                }

                break;
        }
    }

    private static JsonNode? Step(JsonNode node, string element) => element[..2] switch
    {
        "f:" => (node as JsonObject)?[element[2..]],
        _ => (node as JsonArray)?.FirstOrDefault(item => Matches(item, element)),
    };

    private static bool Matches(JsonNode? item, string element)
    {
        if (element.StartsWith("v:", StringComparison.Ordinal))
        {
            return JsonNode.DeepEquals(item, JsonNode.Parse(element[2..]));
        }

        if (element.StartsWith("k:", StringComparison.Ordinal) && item is JsonObject o)
        {
            return JsonNode.Parse(element[2..])!.AsObject().All(kv => JsonNode.DeepEquals(o[kv.Key], kv.Value));
        }

        return element.StartsWith("i:", StringComparison.Ordinal) && item?.Parent is JsonArray a && a.IndexOf(item).ToString(CultureInfo.InvariantCulture) == element[2..];
    }
}
