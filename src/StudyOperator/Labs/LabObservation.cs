using k8s.Models;

namespace StudyOperator.Labs;

/// <summary>
/// What the informer caches show about one lab at one moment: its Deployment, the ReplicaSets, pods, Jobs and
/// EndpointSlices of its namespace that may belong to it, and the time of the observation. The objects are cached
/// trimmed to what the engine and the reconciler read (<see cref="CacheTrims"/>): read a field only after adding it there.
/// </summary>
internal sealed record LabObservation(
    V1Deployment? Deployment,
    IReadOnlyList<V1ReplicaSet> ReplicaSets,
    IReadOnlyList<V1Pod> Pods,
    IReadOnlyList<V1Job> Jobs,
    IReadOnlyList<V1EndpointSlice> EndpointSlices,
    DateTimeOffset Now)
{
    public long NowMs => Now.ToUnixTimeMilliseconds();

    /// <summary>The background traffic probe's counters read in this pass; null when no probe was running to read.</summary>
    public TrafficReading? Traffic { get; init; }
}
