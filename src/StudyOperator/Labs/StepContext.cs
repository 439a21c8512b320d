using k8s.Models;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Workload;

namespace StudyOperator.Labs;

/// <summary>Everything one step needs in one pass, and what it decides: actions, Events and measurements.</summary>
internal sealed class StepContext(V1Alpha1StudyLab lab, int index, LabObservation observation, string session, string operatorImage)
{
    public V1Alpha1StudyLab Lab { get; } = lab;

    public int Index { get; } = index;

    public V1Alpha1LabStep Spec => Lab.Spec.Steps[Index];

    public LabObservation Observation { get; } = observation;

    public long NowMs => Observation.NowMs;

    /// <summary>This operator run; an intent recorded by another run was cut by a restart.</summary>
    public string Session { get; } = session;

    public string OperatorImage { get; } = operatorImage;

    public string Namespace => Lab.Metadata.NamespaceProperty;

    public int Replicas => Math.Clamp(Lab.Spec.App.Replicas, LabBounds.MinReplicas, LabBounds.MaxReplicas);

    public List<LabAction> Actions { get; } = [];

    public List<LabEvent> Events { get; } = [];

    public List<LabMeasurement> Measurements { get; } = [];

    public IReadOnlyList<V1Pod> OwnedPods => ownedPods ??= LabPods.Owned(Lab, Observation);

    private IReadOnlyList<V1Pod>? ownedPods;

    /// <summary>
    /// The Deployment is whole: its status has caught up with its spec (observedGeneration), every replica is updated
    /// and Ready, and the lab's own pods — not counting <paramref name="excluded"/> (the pods a round deleted) — include
    /// at least that many Ready pods that are not terminating.
    /// </summary>
    public bool DeploymentWhole(IReadOnlySet<string>? excluded = null)
    {
        if (Observation.Deployment is not { Status: { } status } deployment)
        {
            return false;
        }

        var wanted = deployment.Spec?.Replicas ?? 1;
        var serving = OwnedPods.Count(p => LabPods.IsServing(p) && (excluded is null || !excluded.Contains(p.Metadata.Uid)));
        return (status.ObservedGeneration ?? 0) >= (deployment.Metadata.Generation ?? 0)
            && (status.ReadyReplicas ?? 0) == wanted
            && (status.UpdatedReplicas ?? 0) == wanted
            && serving >= wanted;
    }

    public string ReadySummary()
    {
        var wanted = Observation.Deployment?.Spec?.Replicas ?? Replicas;
        return $"{OwnedPods.Count(LabPods.IsServing)}/{wanted} pods ready";
    }

    public string ServiceName => LabNames.Service(Lab);
}
