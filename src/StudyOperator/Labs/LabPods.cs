using k8s.Models;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Workload;

namespace StudyOperator.Labs;

/// <summary>
/// The pods a lab may act on: they carry the lab's selector labels *and* a controller ownerReference chain
/// pod → ReplicaSet → the lab's Deployment → this StudyLab (matched by UID at every link). A pod with the same
/// labels but another owner — someone else's ReplicaSet, a bare pod — is never selected.
/// </summary>
internal static class LabPods
{
    public static IReadOnlyList<V1Pod> Owned(V1Alpha1StudyLab lab, LabObservation observation)
    {
        var deployment = observation.Deployment;
        if (deployment is null
            || deployment.Metadata.NamespaceProperty != lab.Metadata.NamespaceProperty
            || deployment.Metadata.Name != LabNames.Deployment(lab)
            || ControllerUid(deployment.Metadata) != lab.Metadata.Uid
            || string.IsNullOrEmpty(lab.Metadata.Uid))
        {
            return [];
        }

        var replicaSets = observation.ReplicaSets
            .Where(rs => rs.Metadata.NamespaceProperty == lab.Metadata.NamespaceProperty
                && ControllerUid(rs.Metadata) == deployment.Metadata.Uid
                && !string.IsNullOrEmpty(rs.Metadata.Uid))
            .Select(rs => rs.Metadata.Uid)
            .ToHashSet(StringComparer.Ordinal);
        var selector = LabLabels.Selector(lab);
        return
        [
            .. observation.Pods
                .Where(p => p.Metadata.NamespaceProperty == lab.Metadata.NamespaceProperty
                    && HasLabels(p, selector)
                    && ControllerUid(p.Metadata) is { } owner
                    && replicaSets.Contains(owner))
                .OrderBy(p => p.Metadata.CreationTimestamp ?? DateTime.MinValue)
                .ThenBy(p => p.Metadata.Name, StringComparer.Ordinal),
        ];
    }

    public static bool IsReady(V1Pod pod) =>
        pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    public static bool IsTerminating(V1Pod pod) => pod.Metadata.DeletionTimestamp is not null;

    /// <summary>Ready and not on its way out: a pod that counts towards a whole Deployment.</summary>
    public static bool IsServing(V1Pod pod) => IsReady(pod) && !IsTerminating(pod);

    internal static string? ControllerUid(V1ObjectMeta metadata) =>
        metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true)?.Uid;

    private static bool HasLabels(V1Pod pod, Dictionary<string, string> selector) =>
        pod.Metadata.Labels is { } labels
        && selector.All(kv => labels.TryGetValue(kv.Key, out var value) && value == kv.Value);
}
