using k8s.Models;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Workload;

namespace StudyOperator.Reconciliation;

/// <summary>
/// Computes the workload part of a lab's status from what the cluster shows: replica counts, the
/// Ready and Progressing conditions, and the phase before the steps start. The lab engine owns the
/// step entries and later phases; this keeps them as they are.
/// </summary>
internal static class LabStatusObserver
{
    public static V1Alpha1StudyLabStatus Observe(V1Alpha1StudyLab lab, V1Deployment? deployment, DateTime now)
    {
        var previous = lab.Status ?? new V1Alpha1StudyLabStatus();
        var generation = lab.Metadata.Generation ?? 0;
        var rollout = RolloutOf(deployment);
        var desired = deployment?.Spec?.Replicas ?? lab.Spec.App.Replicas;
        var ready = deployment?.Status?.ReadyReplicas ?? 0;

        // The message names the children: the Ready event repeats it, and it is the one Event of a lab's creation.
        var pods = $"{ready}/{desired} pods of Deployment {LabNames.Deployment(lab)} ready behind Service {LabNames.Service(lab)}";
        var conditions = ConditionSet.Set(previous.Conditions, rollout == Rollout.Complete
            ? Condition(LabConditions.Ready, true, LabConditions.Reasons.WorkloadReady, pods, generation, now)
            : Condition(LabConditions.Ready, false, rollout == Rollout.Missing ? LabConditions.Reasons.WorkloadPending : LabConditions.Reasons.WorkloadNotReady, pods, generation, now));
        conditions = ConditionSet.Set(conditions, rollout == Rollout.InProgress
            ? Condition(LabConditions.Progressing, true, LabConditions.Reasons.RollingOut, $"rolling out {LabNames.Deployment(lab)}", generation, now)
            : Condition(LabConditions.Progressing, false, LabConditions.Reasons.AsExpected, "no rollout in progress", generation, now));
        conditions = ConditionSet.Set(conditions, Condition(LabConditions.Degraded, false, LabConditions.Reasons.AsExpected, "the spec is valid", generation, now));

        return new V1Alpha1StudyLabStatus
        {
            Phase = previous.Phase is LabPhase.Running or LabPhase.Succeeded or LabPhase.Failed
                ? previous.Phase
                : LabPhase.Provisioning,
            ObservedGeneration = generation,
            Conditions = conditions,
            Workload = new V1Alpha1WorkloadStatus
            {
                Deployment = LabNames.Deployment(lab),
                Service = LabNames.Service(lab),
                Replicas = desired,
                ReadyReplicas = ready,
                Ready = $"{ready}/{desired}",
            },
            CurrentStep = previous.CurrentStep,
            Summary = previous.Summary,
            Steps = previous.Steps,
            Traffic = previous.Traffic,
        };
    }

    /// <summary>The status of a lab whose spec is invalid: Degraded with the problem, nothing else changed.</summary>
    public static V1Alpha1StudyLabStatus Invalid(V1Alpha1StudyLab lab, SpecProblem problem, DateTime now)
    {
        var previous = lab.Status ?? new V1Alpha1StudyLabStatus();
        var generation = lab.Metadata.Generation ?? 0;
        return new V1Alpha1StudyLabStatus
        {
            Phase = previous.Phase ?? LabPhase.Pending,
            ObservedGeneration = generation,
            Conditions = ConditionSet.Set(previous.Conditions, Condition(LabConditions.Degraded, true, LabConditions.Reasons.InvalidSpec, problem.ToString(), generation, now)),
            Workload = previous.Workload,
            CurrentStep = previous.CurrentStep,
            Summary = previous.Summary,
            Steps = previous.Steps,
            Traffic = previous.Traffic,
        };
    }

    private static V1Condition Condition(string type, bool status, string reason, string message, long generation, DateTime now) => new()
    {
        Type = type,
        Status = status ? "True" : "False",
        Reason = reason,
        Message = message,
        ObservedGeneration = generation,
        LastTransitionTime = now,
    };

    private enum Rollout
    {
        Missing,
        InProgress,
        Complete,
    }

    /// <summary>A rollout is complete as `kubectl rollout status` judges it, and every updated pod is also Ready.</summary>
    private static Rollout RolloutOf(V1Deployment? deployment)
    {
        if (deployment?.Status is not { } status)
        {
            return deployment is null ? Rollout.Missing : Rollout.InProgress;
        }

        var wanted = deployment.Spec.Replicas ?? 1;
        var complete = (status.ObservedGeneration ?? 0) >= (deployment.Metadata.Generation ?? 0)
            && (status.UpdatedReplicas ?? 0) >= wanted
            && (status.Replicas ?? 0) == (status.UpdatedReplicas ?? 0)
            && (status.AvailableReplicas ?? 0) >= (status.UpdatedReplicas ?? 0)
            && (status.ReadyReplicas ?? 0) >= wanted;
        return complete ? Rollout.Complete : Rollout.InProgress;
    }
}
