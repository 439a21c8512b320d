using StudyOperator.Api.V1Alpha1;
using StudyOperator.Labs;
using StudyOperator.Tests.Workload;

namespace StudyOperator.Tests.Labs;

public sealed class LabEngineTests
{
    [Fact]
    public void Steps_run_in_order_and_the_next_starts_only_after_the_previous_finished()
    {
        var world = new LabWorld(spec => spec.Steps =
        [
            new V1Alpha1LabStep { Type = StepType.SelfHealing, SelfHealing = new V1Alpha1SelfHealingParameters { Rounds = 1 } },
            new V1Alpha1LabStep { Type = StepType.LoadBalancing },
        ]);
        world.Pass();
        Assert.Equal(StepPhase.Pending, world.Step(1).Phase);
        Assert.Equal("1/2 SelfHealing", world.Lab.Status!.CurrentStep);

        world.ApplyDeletes();
        world.Heal();
        world.Advance(TimeSpan.FromSeconds(2));
        world.Pass();
        var handover = world.Pass();

        Assert.Equal(StepPhase.Succeeded, world.Step(0).Phase);
        Assert.Equal(StepPhase.Running, world.Step(1).Phase);
        Assert.IsType<CreateJobAction>(Assert.Single(handover.Actions));
        Assert.Equal("2/2 LoadBalancing", handover.Status.CurrentStep);
        Assert.Equal(LabPhase.Running, handover.Status.Phase);
        Assert.Equal(world.Time.GetUtcNow().ToUnixTimeMilliseconds(), world.Step(1).StartedAtMs);
        Assert.Equal(world.Step(0).FinishedAtMs, world.Step(1).StartedAtMs);
    }

    [Fact]
    public void Status_has_one_entry_per_spec_step_and_a_changed_type_starts_that_entry_over()
    {
        var lab = LabFixtures.Lab(spec => spec.Steps = [new V1Alpha1LabStep { Type = StepType.SelfHealing }, new V1Alpha1LabStep { Type = StepType.Failover }]);
        var existing = new List<V1Alpha1StepStatus>
        {
            new() { Type = StepType.SelfHealing, Phase = StepPhase.Succeeded },
            new() { Type = StepType.LoadBalancing, Phase = StepPhase.Running },
            new() { Type = StepType.Failover, Phase = StepPhase.Pending },
        };

        var aligned = LabEngine.AlignSteps(lab, existing);

        Assert.Equal([StepType.SelfHealing, StepType.Failover], aligned.Select(s => s.Type));
        Assert.Equal([StepPhase.Succeeded, StepPhase.Pending], aligned.Select(s => s.Phase));
    }

    [Fact]
    public void Millisecond_times_are_kept_while_the_kubernetes_times_have_whole_seconds()
    {
        var world = new LabWorld();
        world.Advance(TimeSpan.FromMilliseconds(789));
        world.Pass();

        Assert.Equal(world.Time.GetUtcNow().ToUnixTimeMilliseconds(), world.Step().StartedAtMs);
        Assert.Equal(0, world.Step().StartedAt!.Value.Millisecond);
        Assert.Equal(789, world.Step().StartedAtMs!.Value % 1000);
    }

    [Fact]
    public void A_lab_of_all_three_experiments_succeeds_with_every_headline_number_in_korean()
    {
        var world = new LabWorld(spec =>
        {
            spec.Language = LabLanguage.Korean;
            spec.Steps =
            [
                new V1Alpha1LabStep { Type = StepType.SelfHealing, SelfHealing = new V1Alpha1SelfHealingParameters { Rounds = 1 } },
                new V1Alpha1LabStep { Type = StepType.LoadBalancing },
                new V1Alpha1LabStep { Type = StepType.Failover },
            ];
        });

        world.Pass();
        world.ApplyDeletes();
        world.Heal();
        world.Advance(TimeSpan.FromMilliseconds(1234));
        world.Pass();
        world.Pass();

        var lbProbe = world.StartProbe();
        LabWorld.FinishProbe(lbProbe, LabWorld.ProbeJson(world.Pods.Where(p => p.Metadata.Name.StartsWith("demo-app", StringComparison.Ordinal)).ToDictionary(p => p.Metadata.Name, _ => 100), world.Time.GetUtcNow()));
        world.Pass();
        Assert.Equal(StepPhase.Succeeded, world.Step(1).Phase);
        Assert.Equal(StepPhase.Running, world.Step(2).Phase);

        var foProbe = world.StartProbe();
        var foStart = world.Time.GetUtcNow();
        world.Pass();
        var faulted = world.Pods.Single(p => p.Metadata.Uid == world.Step(2).Fault!.Pod.Uid);
        world.Advance(TimeSpan.FromMilliseconds(2000));
        LabWorld.SetReady(faulted, false);
        world.SyncWorkload();
        world.Pass();
        LabWorld.FinishProbe(foProbe, LabWorld.ProbeJson(new Dictionary<string, int> { ["x"] = 390 }, foStart, failed: 10, windows: [new StudyOperator.Probe.ErrorWindow(100, 1800, 10)]));
        world.Pass();
        LabWorld.SetReady(faulted, true);
        world.SyncWorkload();
        var done = world.Pass();

        Assert.Equal(LabPhase.Succeeded, done.Status.Phase);
        Assert.Equal("done 3/3", done.Status.CurrentStep);
        Assert.Equal(("1234ms", "1.00", "2000ms"), (done.Status.Summary!.Recovery, done.Status.Summary.Balance, done.Status.Summary.Failover));
        Assert.Contains(done.Events, e => e.Reason == "LabSucceeded" && e.Message == "all 3 steps succeeded; recovery p50 1234ms, balance 1.00, failover detection 2000ms");
        Assert.All(done.Status.Steps!, s => Assert.Matches(@"\p{IsHangulSyllables}", s.Lesson));
        Assert.Contains("1234 ms", world.Step(0).Lesson, StringComparison.Ordinal);
        Assert.Contains("1.00", world.Step(1).Lesson, StringComparison.Ordinal);
        Assert.Contains("2000 ms", world.Step(2).Lesson, StringComparison.Ordinal);
        Assert.All(done.Status.Steps!, s => Assert.NotNull(s.FinishedAtMs));
        Assert.Equal(10, world.Step(2).Result!.FailedDuringDetection);
        Assert.Equal("True", StudyOperator.Reconciliation.ConditionSet.Find(done.Status.Conditions, StudyOperator.Reconciliation.LabConditions.Completed)!.Status);
    }
}
