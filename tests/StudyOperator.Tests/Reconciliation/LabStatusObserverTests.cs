using k8s.Models;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Reconciliation;
using StudyOperator.Tests.Workload;
using StudyOperator.Workload;

namespace StudyOperator.Tests.Reconciliation;

public sealed class LabStatusObserverTests
{
    private static readonly DateTime Now = new(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);

    private static V1Alpha1StudyLab Lab()
    {
        var lab = LabFixtures.Lab();
        lab.Metadata.Generation = 2;
        return lab;
    }

    private static V1Deployment Deployment(V1Alpha1StudyLab lab, int ready, int updated, int total, long observedGeneration = 1)
    {
        var deployment = LabDeployment.Build(lab, LabFixtures.OperatorImage);
        deployment.Metadata.Generation = 1;
        deployment.Status = new V1DeploymentStatus
        {
            ObservedGeneration = observedGeneration,
            Replicas = total,
            UpdatedReplicas = updated,
            ReadyReplicas = ready,
            AvailableReplicas = ready,
        };
        return deployment;
    }

    [Fact]
    public void Before_the_deployment_exists_the_lab_is_provisioning_and_not_ready()
    {
        var status = LabStatusObserver.Observe(Lab(), null, Now);
        Assert.Equal(LabPhase.Provisioning, status.Phase);
        Assert.Equal(2, status.ObservedGeneration);
        Assert.Equal("False", ConditionSet.Find(status.Conditions, LabConditions.Ready)!.Status);
        Assert.Equal(LabConditions.Reasons.WorkloadPending, ConditionSet.Find(status.Conditions, LabConditions.Ready)!.Reason);
        Assert.Equal("0/3", status.Workload!.Ready);
    }

    [Fact]
    public void A_complete_rollout_with_all_pods_ready_makes_the_lab_ready()
    {
        var lab = Lab();
        var status = LabStatusObserver.Observe(lab, Deployment(lab, ready: 3, updated: 3, total: 3), Now);
        var ready = ConditionSet.Find(status.Conditions, LabConditions.Ready)!;
        Assert.Equal("True", ready.Status);
        Assert.Equal(2, ready.ObservedGeneration);
        Assert.Equal("3/3", status.Workload!.Ready);
        Assert.Equal(3, status.Workload.ReadyReplicas);
        Assert.Equal("demo-app", status.Workload.Deployment);
        Assert.Equal("demo", status.Workload.Service);
        Assert.Equal("False", ConditionSet.Find(status.Conditions, LabConditions.Progressing)!.Status);
    }

    [Fact]
    public void A_rollout_in_progress_is_progressing_and_not_ready()
    {
        var lab = Lab();
        var status = LabStatusObserver.Observe(lab, Deployment(lab, ready: 3, updated: 1, total: 4), Now);
        Assert.Equal("False", ConditionSet.Find(status.Conditions, LabConditions.Ready)!.Status);
        Assert.Equal(LabConditions.Reasons.RollingOut, ConditionSet.Find(status.Conditions, LabConditions.Progressing)!.Reason);
    }

    [Fact]
    public void A_deployment_the_controller_has_not_seen_yet_is_not_ready()
    {
        var lab = Lab();
        var deployment = Deployment(lab, ready: 3, updated: 3, total: 3, observedGeneration: 0);
        Assert.Equal("False", ConditionSet.Find(LabStatusObserver.Observe(lab, deployment, Now).Conditions, LabConditions.Ready)!.Status);
    }

    [Fact]
    public void Observing_twice_gives_an_identical_status_so_nothing_is_written()
    {
        var lab = Lab();
        var deployment = Deployment(lab, ready: 3, updated: 3, total: 3);
        lab.Status = LabStatusObserver.Observe(lab, deployment, Now);
        var again = LabStatusObserver.Observe(lab, deployment, Now.AddMinutes(1));
        Assert.Equal(k8s.KubernetesJson.Serialize(lab.Status), k8s.KubernetesJson.Serialize(again));
    }

    [Fact]
    public void Engine_owned_fields_and_later_phases_are_kept()
    {
        var lab = Lab();
        lab.Status = new V1Alpha1StudyLabStatus
        {
            Phase = LabPhase.Succeeded,
            CurrentStep = "1/1 SelfHealing",
            Steps = [new V1Alpha1StepStatus { Type = StepType.SelfHealing, Phase = StepPhase.Succeeded }],
        };
        var status = LabStatusObserver.Observe(lab, Deployment(lab, 3, 3, 3), Now);
        Assert.Equal(LabPhase.Succeeded, status.Phase);
        Assert.Equal("1/1 SelfHealing", status.CurrentStep);
        Assert.Single(status.Steps!);
    }

    [Fact]
    public void An_invalid_spec_is_degraded_with_the_field_in_the_message()
    {
        var status = LabStatusObserver.Invalid(Lab(), new SpecProblem("spec.app.replicas", "11 is outside 1..10"), Now);
        var degraded = ConditionSet.Find(status.Conditions, LabConditions.Degraded)!;
        Assert.Equal("True", degraded.Status);
        Assert.Equal(LabConditions.Reasons.InvalidSpec, degraded.Reason);
        Assert.Equal("spec.app.replicas: 11 is outside 1..10", degraded.Message);
        Assert.Equal(LabPhase.Pending, status.Phase);
    }
}
