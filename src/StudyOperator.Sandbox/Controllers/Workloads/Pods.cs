using System.Globalization;
using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Controllers.Workloads;

/// <summary>The pod predicates of k8s.io/kubernetes pkg/api/v1/pod and pkg/controller the workload controllers share.</summary>
internal static class Pods
{
    public const string ReplicaSetKind = "ReplicaSet";

    /// <summary>controller.FilterActivePods: not finished and not being deleted.</summary>
    public static bool IsActive(JsonObject pod) => !pod.IsTerminating() && pod.Str("status", "phase") is not ("Succeeded" or "Failed");

    public static bool IsActivePhase(JsonObject pod) => pod.Str("status", "phase") is not ("Succeeded" or "Failed");

    public static bool IsReady(JsonObject pod) => ReadyCondition(pod)?.Str("status") == "True";

    public static DateTimeOffset? ReadyTime(JsonObject pod) => Time(ReadyCondition(pod)?.Str("lastTransitionTime"));

    /// <summary>podutil.IsPodAvailable: ready, and with minReadySeconds ready for longer than that.</summary>
    public static bool IsAvailable(JsonObject pod, long minReadySeconds, DateTimeOffset now)
    {
        if (!IsReady(pod))
        {
            return false;
        }

        return minReadySeconds == 0 || (ReadyTime(pod) is { } since && since.AddSeconds(minReadySeconds) < now);
    }

    /// <summary>When a ready pod becomes available, for requeueing at that moment.</summary>
    public static DateTimeOffset? AvailableAt(JsonObject pod, long minReadySeconds) =>
        IsReady(pod) && ReadyTime(pod) is { } since ? since.AddSeconds(minReadySeconds) : null;

    public static JsonObject? ControllerRef(JsonObject obj) =>
        (obj.At("metadata", "ownerReferences") as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(r => r["controller"] is JsonValue v && v.TryGetValue<bool>(out var b) && b);

    public static bool IsControlledBy(JsonObject obj, JsonObject owner) => ControllerRef(obj)?.Str("uid") is { } uid && uid == owner.Uid();

    /// <summary>metav1.NewControllerRef.</summary>
    public static JsonObject NewControllerRef(JsonObject owner, string apiVersion, string kind) => new()
    {
        ["apiVersion"] = apiVersion,
        ["kind"] = kind,
        ["name"] = owner.Name(),
        ["uid"] = owner.Uid(),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    /// <summary>controller.GetPodFromTemplate: template labels, annotations and finalizers, generateName, controller ref, spec.</summary>
    public static JsonObject FromTemplate(JsonObject owner, string apiVersion, string kind, JsonObject template)
    {
        var meta = new JsonObject
        {
            ["generateName"] = owner.Name() + "-",
            ["namespace"] = owner.Ns(),
        };
        foreach (var field in new[] { "labels", "annotations", "finalizers" })
        {
            if (template.At("metadata", field) is { } value)
            {
                meta[field] = value.DeepClone();
            }
        }

        meta["ownerReferences"] = new JsonArray(NewControllerRef(owner, apiVersion, kind));
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = meta,
            ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
        };
    }

    public static DateTimeOffset? Time(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static long RestartCount(JsonObject pod) =>
        pod.At("status", "containerStatuses") is JsonArray s ? s.Select(c => c.At("restartCount").Long() ?? 0).DefaultIfEmpty(0).Max() : 0;

    private static JsonObject? ReadyCondition(JsonObject pod) =>
        (pod.At("status", "conditions") as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c.Str("type") == "Ready");
}
