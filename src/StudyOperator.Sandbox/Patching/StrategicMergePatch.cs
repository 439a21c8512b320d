using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Api;

namespace StudyOperator.Sandbox.Patching;

/// <summary>
/// Strategic merge patch for built-in kinds: lists with a patchMergeKey merge element by element,
/// primitive merge lists (finalizers) union, and the directives <c>$patch</c>, <c>$retainKeys</c>,
/// <c>$setElementOrder/</c> and <c>$deleteFromPrimitiveList/</c> are honoured.
/// </summary>
internal static class StrategicMergePatch
{
    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["imagePullSecrets"] = "name",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["ownerReferences"] = "uid",
        ["conditions"] = "type",
        ["hostAliases"] = "ip",
        ["topologySpreadConstraints"] = "topologyKey",
        ["resourceClaims"] = "name",
    };

    private static readonly HashSet<string> PrimitiveMergeLists = new(StringComparer.Ordinal) { "finalizers" };

    public static bool PrimitiveMergeList(string field) => PrimitiveMergeLists.Contains(field);

    /// <summary>The patchMergeKey of a list field, or null for atomic lists.</summary>
    public static string? MergeKeyOf(string field, JsonArray sample) => MergeKeyFor(field, sample, []);

    public static JsonNode Apply(JsonNode target, JsonNode? patch)
    {
        if (patch is not JsonObject p)
        {
            throw StatusBodies.BadRequest("unable to find api field in struct for the patch: the patch is not a JSON object");
        }

        return MergeObject(target as JsonObject ?? [], p);
    }

    private static JsonObject MergeObject(JsonObject original, JsonObject patch)
    {
        if (patch["$patch"] is JsonValue directive && directive.GetValue<string>() == "replace")
        {
            var replaced = patch.DeepClone().AsObject();
            replaced.Remove("$patch");
            return replaced;
        }

        var result = original.DeepClone().AsObject();
        List<string>? retainKeys = null;
        var orders = new Dictionary<string, JsonArray>(StringComparer.Ordinal);
        foreach (var (key, value) in patch)
        {
            if (key == "$retainKeys")
            {
                retainKeys = (value as JsonArray)?.Select(v => v?.GetValue<string>() ?? "").ToList();
                continue;
            }

            if (key.StartsWith("$setElementOrder/", StringComparison.Ordinal))
            {
                orders[key["$setElementOrder/".Length..]] = (JsonArray)value!;
                continue;
            }

            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var field = key["$deleteFromPrimitiveList/".Length..];
                if (result[field] is JsonArray list && value is JsonArray remove)
                {
                    foreach (var item in list.Where(i => remove.Any(r => JsonNode.DeepEquals(r, i))).ToList())
                    {
                        list.Remove(item);
                    }
                }

                continue;
            }

            if (key == "$patch")
            {
                continue;
            }

            if (value is null)
            {
                result.Remove(key);
                continue;
            }

            if (value is JsonObject childPatch)
            {
                if (childPatch["$patch"] is JsonValue d && d.GetValue<string>() == "delete")
                {
                    result.Remove(key);
                }
                else
                {
                    result[key] = MergeObject(result[key] as JsonObject ?? [], childPatch);
                }
            }
            else if (value is JsonArray listPatch)
            {
                result[key] = MergeList(key, result[key] as JsonArray, listPatch);
            }
            else
            {
                result[key] = value.DeepClone();
            }
        }

        foreach (var (field, order) in orders)
        {
            if (result[field] is JsonArray list)
            {
                result[field] = Reorder(field, list, order);
            }
        }

        if (retainKeys is not null)
        {
            foreach (var key in result.Select(kv => kv.Key).Where(k => !retainKeys.Contains(k)).ToList())
            {
                result.Remove(key);
            }
        }

        return result;
    }

    private static JsonArray MergeList(string field, JsonArray? original, JsonArray patch)
    {
        if (PrimitiveMergeLists.Contains(field))
        {
            var union = original?.DeepClone().AsArray() ?? [];
            foreach (var item in patch)
            {
                if (!union.Any(u => JsonNode.DeepEquals(u, item)))
                {
                    union.Add(item?.DeepClone());
                }
            }

            return union;
        }

        var mergeKey = MergeKeyFor(field, original, patch);
        if (mergeKey is null)
        {
            return patch.DeepClone().AsArray();
        }

        if (patch.OfType<JsonObject>().Any(e => e["$patch"] is JsonValue v && v.GetValue<string>() == "replace"))
        {
            return new JsonArray(patch.OfType<JsonObject>().Where(e => e["$patch"] is null).Select(e => (JsonNode?)e.DeepClone()).ToArray());
        }

        var result = original?.DeepClone().AsArray() ?? [];
        foreach (var element in patch.OfType<JsonObject>())
        {
            var keyValue = element[mergeKey];
            var existing = result.OfType<JsonObject>().FirstOrDefault(e => JsonNode.DeepEquals(e[mergeKey], keyValue));
            if (element["$patch"] is JsonValue d && d.GetValue<string>() == "delete")
            {
                if (existing is not null)
                {
                    result.Remove(existing);
                }

                continue;
            }

            if (existing is null)
            {
                result.Add(MergeObject([], element));
            }
            else
            {
                var index = result.IndexOf(existing);
                result[index] = MergeObject(existing, element);
            }
        }

        return result;
    }

    private static string? MergeKeyFor(string field, JsonArray? original, JsonArray patch)
    {
        if (MergeKeys.TryGetValue(field, out var key))
        {
            return key;
        }

        if (field == "ports")
        {
            // Container ports merge on containerPort, Service ports on port.
            var sample = patch.OfType<JsonObject>().Concat(original?.OfType<JsonObject>() ?? []).FirstOrDefault();
            return sample?["containerPort"] is not null ? "containerPort" : "port";
        }

        return null;
    }

    private static JsonArray Reorder(string field, JsonArray list, JsonArray order)
    {
        var mergeKey = MergeKeyFor(field, list, []);
        var items = list.Select(i => i?.DeepClone()).ToList();
        var ordered = new List<JsonNode?>();
        foreach (var o in order)
        {
            var match = items.FirstOrDefault(i => mergeKey is not null && i is JsonObject io && o is JsonObject oo
                ? JsonNode.DeepEquals(io[mergeKey], oo[mergeKey])
                : JsonNode.DeepEquals(i, o));
            if (match is not null)
            {
                ordered.Add(match);
                items.Remove(match);
            }
        }

        ordered.AddRange(items);
        return new JsonArray(ordered.ToArray());
    }
}
