using StudyOperator.Api.V1Alpha1;
using StudyOperator.Labs;
using StudyOperator.Probe;

namespace StudyOperator.Tests.Labs;

public sealed class FailoverStepTests
{
    private static LabWorld World() => new(spec =>
        spec.Steps = [new V1Alpha1LabStep { Type = StepType.Failover, Failover = new V1Alpha1FailoverParameters { ObserveSeconds = 20, RequestsPerSecond = 20, TimeoutSeconds = 30 } }]);

    [Fact]
    public void The_fault_goes_to_an_owned_serving_pod_only_after_traffic_flows_and_is_recorded_first()
    {
        var world = World();
        var first = world.Pass();
        var create = Assert.IsType<CreateJobAction>(Assert.Single(first.Actions));
        Assert.Contains("--rate", create.Job.Spec.Template.Spec.Containers[0].Args);

        world.StartProbe(running: false);
        Assert.Empty(world.Pass().Actions);

        world.Pods.Single(p => p.Metadata.Name.StartsWith("demo-1-fo", StringComparison.Ordinal)).Status.ContainerStatuses =
        [
            new k8s.Models.V1ContainerStatus { Name = ProbeJobs.Component, Image = "x", ImageID = "x", Ready = true, RestartCount = 0, State = new k8s.Models.V1ContainerState { Running = new k8s.Models.V1ContainerStateRunning() } },
        ];
        var inject = world.Pass();

        var fault = Assert.IsType<PodFaultAction>(Assert.Single(inject.Actions));
        Assert.Equal(PodFaultAction.Failing, fault.Mode);
        Assert.Equal(world.Step().Fault!.Pod.Uid, fault.Uid);
        Assert.Equal(world.Pods[0].Metadata.Uid, fault.Uid);
    }

    [Fact]
    public void Detection_time_and_failures_during_and_after_detection_are_measured_then_the_pod_is_restored()
    {
        var world = World();
        world.Pass();
        var probe = world.StartProbe();
        var probeStart = world.Time.GetUtcNow();
        world.Advance(TimeSpan.FromSeconds(1));
        world.Pass();
        var faulted = world.Pods[0];

        // The readiness probe notices after 1840 ms; the EndpointSlice marks the pod not ready.
        world.Advance(TimeSpan.FromMilliseconds(900));
        Assert.Null(world.Pass().Status.Steps![0].Fault!.DetectedAtMs);
        world.Advance(TimeSpan.FromMilliseconds(940));
        LabWorld.SetReady(faulted, false);
        world.SyncWorkload();
        var detected = world.Pass();
        Assert.Contains(detected.Measurements, m => m is DetectionMeasured { Milliseconds: 1840 });

        // Failures: one window from 1.2 s (during detection, 9 failed), one at 3.5 s (after, 1 failed).
        LabWorld.FinishProbe(probe, LabWorld.ProbeJson(
            world.Pods.Where(p => p.Metadata.Name.StartsWith("demo-app", StringComparison.Ordinal)).ToDictionary(p => p.Metadata.Name, _ => 130),
            probeStart,
            failed: 10,
            windows: [new ErrorWindow(1200, 1500, 9), new ErrorWindow(3500, 10, 1)]));
        world.Advance(TimeSpan.FromSeconds(18));
        var restore = world.Pass();
        var reset = Assert.IsType<PodFaultAction>(Assert.Single(restore.Actions));
        Assert.Equal(PodFaultAction.Reset, reset.Mode);
        Assert.Equal(faulted.Metadata.Uid, reset.Uid);
        Assert.Equal(StepPhase.Running, world.Step().Phase);

        LabWorld.SetReady(faulted, true);
        world.SyncWorkload();
        var done = world.Pass();

        var result = world.Step().Result!;
        Assert.Equal(StepPhase.Succeeded, world.Step().Phase);
        Assert.Equal(1840, result.DetectionMs);
        Assert.Equal(9, result.FailedDuringDetection);
        Assert.Equal(1, result.FailedAfterDetection);
        Assert.Equal(400, result.Requests);
        Assert.Equal(faulted.Metadata.Name, result.FaultedPod);
        Assert.Equal("1840ms", done.Status.Summary!.Failover);
        Assert.Contains("1840 ms", world.Step().Lesson, StringComparison.Ordinal);
        Assert.Contains("SLA", world.Step().Lesson, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pod_that_never_leaves_the_endpoints_fails_the_step_and_is_restored()
    {
        var world = World();
        world.Pass();
        world.StartProbe();
        world.Pass();
        var faulted = world.Step().Fault!.Pod;
        world.Advance(TimeSpan.FromSeconds(31));

        var failed = world.Pass();

        Assert.Equal(StepPhase.Failed, world.Step().Phase);
        Assert.Contains("readiness probe", world.Step().Message, StringComparison.Ordinal);
        var reset = Assert.IsType<PodFaultAction>(Assert.Single(failed.Actions));
        Assert.Equal((PodFaultAction.Reset, faulted.Uid), (reset.Mode, reset.Uid));
    }

    [Fact]
    public void After_a_restart_the_same_fault_is_sent_to_the_same_pod_and_detection_is_not_timed()
    {
        var world = World();
        world.Pass();
        var probe = world.StartProbe();
        world.Pass();
        var recorded = world.Step().Fault!.Pod;
        world.Engine = new LabEngine("img", "session-b");
        world.Advance(TimeSpan.FromSeconds(5));

        var resumed = world.Pass();
        var again = Assert.IsType<PodFaultAction>(Assert.Single(resumed.Actions));
        Assert.Equal((PodFaultAction.Failing, recorded.Uid), (again.Mode, again.Uid));
        Assert.Empty(world.Pass().Actions);

        LabWorld.SetReady(world.Pods.Single(p => p.Metadata.Uid == recorded.Uid), false);
        world.SyncWorkload();
        var detected = world.Pass();
        Assert.DoesNotContain(detected.Measurements, m => m is DetectionMeasured);

        LabWorld.FinishProbe(probe, LabWorld.ProbeJson(new Dictionary<string, int> { ["a"] = 10 }, world.Time.GetUtcNow(), failed: 3, windows: [new ErrorWindow(0, 100, 3)]));
        world.Pass();
        LabWorld.SetReady(world.Pods.Single(p => p.Metadata.Uid == recorded.Uid), true);
        world.SyncWorkload();
        world.Pass();

        Assert.Equal(StepPhase.Succeeded, world.Step().Phase);
        Assert.Null(world.Step().Result!.DetectionMs);
        Assert.Null(world.Step().Result!.FailedDuringDetection);
        Assert.Equal(3, world.Step().Result!.Failed);
        Assert.Contains("not timed", world.Step().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_restore_lost_to_a_crash_after_a_failed_step_is_sent_once_by_the_next_operator_run()
    {
        var world = World();
        world.Pass();
        world.StartProbe();
        world.Pass();
        var faulted = world.Step().Fault!.Pod;
        world.Advance(TimeSpan.FromSeconds(31));
        world.Pass();
        Assert.Equal(LabPhase.Failed, world.Lab.Status!.Phase);
        Assert.Empty(world.Pass().Actions);

        world.Engine = new LabEngine("img", "session-b");
        var resent = Assert.IsType<PodFaultAction>(Assert.Single(world.Pass().Actions));

        Assert.Equal((PodFaultAction.Reset, faulted.Uid), (resent.Mode, resent.Uid));
        Assert.Empty(world.Pass().Actions);
        Assert.Equal(LabPhase.Failed, world.Lab.Status!.Phase);
    }
}
