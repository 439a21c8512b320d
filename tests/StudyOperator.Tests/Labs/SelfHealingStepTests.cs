using k8s;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Labs;
using StudyOperator.Reconciliation;

namespace StudyOperator.Tests.Labs;

public sealed class SelfHealingStepTests
{
    private static LabWorld World(int rounds = 3, int podsPerRound = 1, int timeoutSeconds = 120) => new(spec =>
        spec.Steps = [new V1Alpha1LabStep { Type = StepType.SelfHealing, SelfHealing = new V1Alpha1SelfHealingParameters { Rounds = rounds, PodsPerRound = podsPerRound, TimeoutSeconds = timeoutSeconds } }]);

    [Fact]
    public void No_step_starts_before_the_workload_is_ready()
    {
        var world = World();
        foreach (var pod in world.Pods)
        {
            LabWorld.SetReady(pod, false);
        }

        world.SyncWorkload();
        var step = world.Pass();

        Assert.Empty(step.Actions);
        Assert.NotEqual(LabPhase.Running, step.Status.Phase);
        Assert.Equal(StepPhase.Pending, world.Step().Phase);
        Assert.Equal(LabConditions.Reasons.NotStarted, ConditionSet.Find(step.Status.Conditions, LabConditions.Completed)!.Reason);
    }

    [Fact]
    public void The_pods_to_delete_are_recorded_in_status_before_the_delete_is_asked_for()
    {
        var world = World();
        var step = world.Pass();

        var round = Assert.Single(world.Step().Rounds!);
        var recorded = Assert.Single(round.Pods);
        var delete = Assert.IsType<DeletePodAction>(Assert.Single(step.Actions));
        Assert.Equal(recorded.Uid, delete.Uid);
        Assert.Equal(recorded.Name, delete.Name);
        Assert.Equal(world.Time.GetUtcNow().ToUnixTimeMilliseconds(), round.DeleteIssuedAtMs);
        Assert.Equal(LabPhase.Running, step.Status.Phase);
        Assert.Equal("1/1 SelfHealing", step.Status.CurrentStep);
    }

    [Fact]
    public void Recovery_is_timed_from_the_delete_to_the_first_pass_that_sees_the_deployment_whole()
    {
        var world = World(rounds: 3);
        long[] delays = [2130, 1980, 2410];
        foreach (var delay in delays)
        {
            world.Pass();
            world.ApplyDeletes();
            world.Advance(TimeSpan.FromMilliseconds(700));
            Assert.DoesNotContain(world.Pass().Measurements, m => m is RecoveryMeasured);
            world.Heal();
            world.Advance(TimeSpan.FromMilliseconds(delay - 700));
            var recovered = world.Pass();
            Assert.Contains(recovered.Measurements, m => m is RecoveryMeasured r && r.Milliseconds == delay);
        }

        var final = world.Pass();
        var result = world.Step().Result!;
        Assert.Equal(delays, result.RecoveryMs);
        Assert.Equal(2130, result.RecoveryP50Ms);
        Assert.Equal(2410, result.RecoveryMaxMs);
        Assert.Equal(StepPhase.Succeeded, world.Step().Phase);
        Assert.Equal(LabPhase.Succeeded, final.Status.Phase);
        Assert.Equal("2130ms", final.Status.Summary!.Recovery);
        Assert.Equal("done 1/1", final.Status.CurrentStep);
        Assert.Contains("2130 ms", world.Step().Lesson);
        Assert.Contains("ReplicaSet", world.Step().Lesson);
        Assert.Contains(final.Events, e => e.Reason == StepRecords.StepSucceeded && e.Message.Contains("p50 2130 ms", StringComparison.Ordinal));
    }

    [Fact]
    public void A_round_is_not_over_while_a_deleted_pod_is_still_counted_or_the_replacement_is_not_ready()
    {
        var world = World(rounds: 1);
        world.Pass();
        world.ApplyDeletes();
        // The Deployment's counters already say 3/3 (a stale status), but the deleted pod is among the three.
        world.Deployment.Status.ReadyReplicas = 3;
        world.Deployment.Status.UpdatedReplicas = 3;
        Assert.Null(world.Pass().Status.Steps![0].Rounds![0].RecoveredAtMs);

        world.Pods.RemoveAll(p => p.Metadata.DeletionTimestamp is not null);
        world.AddPod(ready: false);
        world.SyncWorkload();
        Assert.Null(world.Pass().Status.Steps![0].Rounds![0].RecoveredAtMs);
    }

    [Fact]
    public void After_a_restart_the_delete_is_reapplied_only_to_the_recorded_pod_and_the_round_is_not_timed()
    {
        var world = World(rounds: 2);
        world.Pass();
        var recorded = world.Step().Rounds![0].Pods.Single();
        // The operator crashed after writing the intent and before the delete call: nothing was deleted.
        world.Engine = new LabEngine("img", "session-b");
        world.Advance(TimeSpan.FromMinutes(3));

        var resumed = world.Pass();

        var delete = Assert.IsType<DeletePodAction>(Assert.Single(resumed.Actions));
        Assert.Equal(recorded.Uid, delete.Uid);
        Assert.True(world.Step().Rounds![0].Interrupted);
        Assert.Single(world.Step().Rounds!);

        world.ApplyDeletes();
        world.Heal();
        world.Pass();
        Assert.Null(world.Step().Rounds![0].RecoveryMs);
        Assert.NotNull(world.Step().Rounds![0].RecoveredAtMs);

        world.Pass();
        world.ApplyDeletes();
        world.Heal();
        world.Advance(TimeSpan.FromMilliseconds(1500));
        world.Pass();
        world.Pass();
        Assert.Equal(StepPhase.Succeeded, world.Step().Phase);
        Assert.Equal([1500L], world.Step().Result!.RecoveryMs);
        Assert.Contains("interrupted", world.Step().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recorded_pod_that_is_already_terminating_is_not_deleted_again_and_no_new_pod_is_picked()
    {
        var world = World(rounds: 1);
        world.Pass();
        world.ApplyDeletes();
        world.Engine = new LabEngine("img", "session-b");

        var resumed = world.Pass();

        Assert.Empty(resumed.Actions);
        Assert.Single(world.Step().Rounds![0].Pods);
    }

    [Fact]
    public void A_round_that_does_not_recover_in_time_fails_the_step_and_the_lab_with_a_reason()
    {
        var world = World(rounds: 2, timeoutSeconds: 30);
        world.Pass();
        world.ApplyDeletes();
        world.Advance(TimeSpan.FromSeconds(31));

        var failed = world.Pass();

        Assert.Equal(StepPhase.Failed, world.Step().Phase);
        Assert.Contains("round 1", world.Step().Message, StringComparison.Ordinal);
        Assert.Contains("30 s", world.Step().Message, StringComparison.Ordinal);
        Assert.Equal(LabPhase.Failed, failed.Status.Phase);
        var completed = ConditionSet.Find(failed.Status.Conditions, LabConditions.Completed)!;
        Assert.Equal(LabConditions.Reasons.StepFailed, completed.Reason);
        Assert.Contains("step 1/1 SelfHealing failed", completed.Message, StringComparison.Ordinal);
        Assert.Null(failed.Requeue);
        Assert.Contains(failed.Events, e => e.Type == "Warning" && e.Reason == StepRecords.StepFailed);
        Assert.Contains(failed.Events, e => e.Type == "Warning" && e.Reason == "LabFailed" && e.Message.StartsWith("step 1/1 SelfHealing failed: round 1", StringComparison.Ordinal));

        // A failed lab is final: no further action, whatever happens.
        Assert.Empty(world.Pass().Actions);
    }

    [Fact]
    public void Pods_per_round_beyond_the_replicas_is_bounded_again_in_code()
    {
        var world = World(rounds: 1, podsPerRound: 50);
        var step = world.Pass();
        Assert.Equal(3, step.Actions.OfType<DeletePodAction>().Count());
    }

    [Fact]
    public void Pods_that_only_look_like_the_labs_pods_are_never_deleted()
    {
        var world = World(rounds: 1, podsPerRound: 3);
        world.Pods.Clear();
        world.AddPod(ownerUid: "someone-elses-replicaset");
        world.AddPod(ownerUid: null);
        var owned = world.AddPod();
        world.SyncWorkload();

        var step = world.Pass();

        // Only one owned pod exists: the Deployment is not whole (3 wanted), so nothing is deleted at all.
        Assert.Empty(step.Actions);
        Assert.DoesNotContain(world.Step().Rounds ?? [], r => r.Pods.Any(p => p.Uid != owned.Metadata.Uid));
    }

    [Fact]
    public void A_pass_that_observes_nothing_new_leaves_the_status_unchanged()
    {
        var world = World();
        world.Pass();
        world.ApplyDeletes();
        world.Pass();
        var before = KubernetesJson.Serialize(world.Lab.Status);
        world.Advance(TimeSpan.FromMilliseconds(10));

        var again = world.Pass();

        Assert.False(LabStatusWriter.Differs(KubernetesJson.Deserialize<V1Alpha1StudyLabStatus>(before), again.Status));
    }

    [Fact]
    public void The_engine_never_modifies_the_status_it_is_given()
    {
        var world = World();
        world.Pass();
        var observed = LabStatusObserver.Observe(world.Lab, world.Deployment, world.Time.GetUtcNow().UtcDateTime);
        var before = KubernetesJson.Serialize(observed);
        world.ApplyDeletes();
        world.Heal();

        world.Engine.Advance(world.Lab, observed, world.Observation());

        Assert.Equal(before, KubernetesJson.Serialize(observed));
    }
}
