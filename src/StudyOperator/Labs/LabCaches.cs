using k8s.Models;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Controller;
using StudyOperator.Workload;

namespace StudyOperator.Labs;

/// <summary>Builds a <see cref="LabObservation"/> from the informer caches: only objects in the lab's namespace that may be its own.</summary>
internal sealed class LabCaches(
    Informer<V1Deployment> deployments,
    Informer<V1ReplicaSet> replicaSets,
    Informer<V1Pod> pods,
    Informer<V1Job> jobs,
    Informer<V1EndpointSlice> endpointSlices)
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    public LabObservation Observe(V1Alpha1StudyLab lab, DateTimeOffset now)
    {
        var key = ObjectKey.Of(lab);
        return new LabObservation(
            deployments.Get(new ObjectKey(key.Namespace, LabNames.Deployment(lab))),
            replicaSets.Indexed(key),
            pods.Indexed(key),
            jobs.Indexed(key),
            endpointSlices.Indexed(key),
            now);
    }

    /// <summary>
    /// Files each cached pod, ReplicaSet, Job and EndpointSlice under its lab, so a pass reads only its own; and caches
    /// every kind trimmed to what the engine and the reconciler read (<see cref="CacheTrims"/>): no pod, ReplicaSet or
    /// Job spec (a pod template is most of such an object), no status fields or labels nobody reads.
    /// </summary>
    public void Index()
    {
        deployments.TrimWith(CacheTrims.Deployment);
        pods.TrimWith(CacheTrims.Pod);
        replicaSets.TrimWith(CacheTrims.ReplicaSet);
        jobs.TrimWith(CacheTrims.Job);
        endpointSlices.TrimWith(CacheTrims.EndpointSlice);
        replicaSets.IndexBy(rs => LabOf(rs.Metadata));
        pods.IndexBy(p => LabOf(p.Metadata));
        jobs.IndexBy(j => LabOf(j.Metadata));
        endpointSlices.IndexBy(LabOfSlice);
    }

    /// <summary>The lab a pod, ReplicaSet or Job belongs to by its lab label (ownership is checked by the engine).</summary>
    public static IEnumerable<ObjectKey> LabOf(V1ObjectMeta metadata) =>
        metadata.Labels?.TryGetValue(LabLabels.Lab, out var lab) == true && !string.IsNullOrEmpty(lab)
            ? [new ObjectKey(metadata.NamespaceProperty, lab)]
            : [];

    /// <summary>The lab whose Service an EndpointSlice belongs to (a lab's Service has the lab's name).</summary>
    public static IEnumerable<ObjectKey> LabOfSlice(V1EndpointSlice slice) =>
        slice.Metadata.Labels?.TryGetValue(ServiceNameLabel, out var service) == true && !string.IsNullOrEmpty(service)
            ? [new ObjectKey(slice.Metadata.NamespaceProperty, service)]
            : [];
}
