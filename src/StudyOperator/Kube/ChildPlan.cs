using System.Text.Json.Nodes;

namespace StudyOperator.Kube;

/// <summary>What to do about one child object so that it matches its desired state.</summary>
internal abstract record ChildPlan
{
    private ChildPlan()
    {
    }

    /// <summary>The child exists and matches: write nothing.</summary>
    public sealed record Keep : ChildPlan;

    /// <summary>The child does not exist: create this object.</summary>
    public sealed record Create(JsonObject Object) : ChildPlan;

    /// <summary>The child drifted or the desired state changed: replace it with this object (carries the live resourceVersion).</summary>
    public sealed record Replace(JsonObject Object) : ChildPlan;

    /// <summary>
    /// Compares desired with live. The desired spec replaces the live spec wholesale, so fields the
    /// operator stopped setting disappear; labels, annotations and owner references of other
    /// actors are kept.
    /// </summary>
    public static ChildPlan Decide(JsonObject desired, JsonObject? live)
    {
        var hash = DesiredStateHash.Of(desired);
        var stamped = WithAnnotation(desired.DeepClone().AsObject(), DesiredStateHash.Annotation, hash);
        if (live is null)
        {
            return new Create(stamped);
        }

        var liveHash = (string?)live["metadata"]?["annotations"]?[DesiredStateHash.Annotation];
        if (liveHash == hash && SemanticSubset.IsSubset(desired, live))
        {
            return new Keep();
        }

        return new Replace(Merge(stamped, live));
    }

    private static JsonObject Merge(JsonObject desired, JsonObject live)
    {
        var merged = live.DeepClone().AsObject();
        merged["spec"] = desired["spec"]?.DeepClone();
        var metadata = merged["metadata"]!.AsObject();
        var desiredMetadata = desired["metadata"]!.AsObject();
        foreach (var map in new[] { "labels", "annotations" })
        {
            var target = metadata[map] as JsonObject ?? [];
            foreach (var (key, value) in desiredMetadata[map] as JsonObject ?? [])
            {
                target[key] = value?.DeepClone();
            }

            metadata[map] = target;
        }

        var owners = (desiredMetadata["ownerReferences"] as JsonArray ?? []).Select(o => o!.DeepClone()).ToList();
        var ownerUids = owners.Select(o => (string?)o["uid"]).ToHashSet();
        foreach (var other in metadata["ownerReferences"] as JsonArray ?? [])
        {
            // Only one controller may own an object; ours replaces any other controller reference.
            if (!ownerUids.Contains((string?)other!["uid"]) && other["controller"]?.GetValue<bool>() != true)
            {
                owners.Add(other.DeepClone());
            }
        }

        metadata["ownerReferences"] = new JsonArray([.. owners]);
        return merged;
    }

    private static JsonObject WithAnnotation(JsonObject obj, string key, string value)
    {
        var metadata = obj["metadata"] as JsonObject ?? [];
        var annotations = metadata["annotations"] as JsonObject ?? [];
        annotations[key] = value;
        metadata["annotations"] = annotations;
        obj["metadata"] = metadata;
        return obj;
    }
}
