using StudyOperator.Api.V1Alpha1;
using StudyOperator.Labs;

namespace StudyOperator.Tests.Labs;

public sealed class LoadBalancingStepTests
{
    private static LabWorld World(bool newConnection = true) => new(spec =>
        spec.Steps = [new V1Alpha1LabStep { Type = StepType.LoadBalancing, LoadBalancing = new V1Alpha1LoadBalancingParameters { Requests = 300, NewConnectionPerRequest = newConnection } }]);

    private Dictionary<string, int> Answers(LabWorld world, params int[] counts) =>
        world.Pods.Take(counts.Length).Select((p, i) => (p.Metadata.Name, counts[i])).ToDictionary(x => x.Name, x => x.Item2);

    [Fact]
    public void The_probe_job_is_recorded_before_it_is_created()
    {
        var world = World();
        var step = world.Pass();

        var create = Assert.IsType<CreateJobAction>(Assert.Single(step.Actions));
        Assert.Equal(create.Job.Metadata.Name, world.Step().Probe!.Job);
        Assert.Equal("demo-1-lb", create.Job.Metadata.Name);
        Assert.Equal(world.Time.GetUtcNow().ToUnixTimeMilliseconds(), world.Step().Probe!.RequestedAtMs);
    }

    [Fact]
    public void Answers_per_pod_shares_and_the_balance_figure_come_from_the_probe_pods_termination_message()
    {
        var world = World();
        world.Pass();
        var probe = world.StartProbe();
        world.Pass();
        Assert.Equal(StepPhase.Running, world.Step().Phase);

        LabWorld.FinishProbe(probe, LabWorld.ProbeJson(Answers(world, 104, 100, 96), world.Time.GetUtcNow()));
        world.Advance(TimeSpan.FromSeconds(3));
        var done = world.Pass();

        var result = world.Step().Result!;
        Assert.Equal(StepPhase.Succeeded, world.Step().Phase);
        Assert.Equal(300, result.Requests);
        Assert.Equal(0, result.Failed);
        Assert.Equal(["34.7%", "33.3%", "32.0%"], result.AnswersPerPod!.Select(a => a.Share));
        Assert.Equal([104L, 100L, 96L], result.AnswersPerPod!.Select(a => a.Count));
        Assert.Equal("1.08", result.Balance);
        Assert.Equal("1.08", done.Status.Summary!.Balance);
        Assert.Equal(LabPhase.Succeeded, done.Status.Phase);
        Assert.Contains("L4", world.Step().Lesson, StringComparison.Ordinal);
        Assert.Equal(3, done.Measurements.OfType<AnswersMeasured>().Count());
    }

    [Fact]
    public void A_serving_pod_without_answers_makes_the_balance_infinite()
    {
        var world = World(newConnection: false);
        world.Pass();
        var probe = world.StartProbe();
        LabWorld.FinishProbe(probe, LabWorld.ProbeJson(Answers(world, 300), world.Time.GetUtcNow()));
        world.Pass();

        var result = world.Step().Result!;
        Assert.Equal(Balance.Infinite, result.Balance);
        Assert.Equal(3, result.AnswersPerPod!.Count);
        Assert.Equal("100.0%", result.AnswersPerPod![0].Share);
        Assert.Contains("keep-alive", world.Step().Lesson, StringComparison.Ordinal);
    }

    [Fact]
    public void A_probe_without_a_readable_result_fails_the_step()
    {
        var world = World();
        world.Pass();
        LabWorld.FinishProbe(world.StartProbe(), "error: --port must be between 1 and 65535", exitCode: 1);

        var failed = world.Pass();

        Assert.Equal(StepPhase.Failed, world.Step().Phase);
        Assert.Contains("exit code 1", world.Step().Message, StringComparison.Ordinal);
        Assert.Equal(LabPhase.Failed, failed.Status.Phase);
    }

    [Fact]
    public void A_recorded_job_that_never_appeared_is_created_again_under_the_same_name()
    {
        var world = World();
        var first = Assert.IsType<CreateJobAction>(Assert.Single(world.Pass().Actions));
        world.Advance(TimeSpan.FromSeconds(2));
        Assert.Empty(world.Pass().Actions);

        world.Advance(TimeSpan.FromSeconds(30));
        var again = Assert.IsType<CreateJobAction>(Assert.Single(world.Pass().Actions));

        Assert.Equal(first.Job.Metadata.Name, again.Job.Metadata.Name);
        Assert.Equal(first.Job.Metadata.Name, world.Step().Probe!.Job);
    }

    [Fact]
    public void A_job_of_the_same_name_owned_by_someone_else_is_not_read()
    {
        var world = World();
        world.Pass();
        var probe = world.StartProbe();
        world.Jobs[0].Metadata.OwnerReferences[0].Uid = "another-lab";
        LabWorld.FinishProbe(probe, LabWorld.ProbeJson(Answers(world, 100, 100, 100), world.Time.GetUtcNow()));

        world.Pass();

        Assert.Equal(StepPhase.Running, world.Step().Phase);
    }

    [Fact]
    public void A_probe_that_never_answers_fails_the_step_at_its_timeout()
    {
        var world = World();
        world.Pass();
        world.StartProbe();
        world.Advance(TimeSpan.FromMilliseconds(LoadBalancingStep.TimeoutMs(new V1Alpha1LoadBalancingParameters { Requests = 300 }) + 1));

        world.Pass();

        Assert.Equal(StepPhase.Failed, world.Step().Phase);
        Assert.Contains("no result", world.Step().Message, StringComparison.Ordinal);
    }
}
