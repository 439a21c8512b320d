using k8s.Models;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Labs;
using StudyOperator.Tests.Workload;

namespace StudyOperator.Tests.Labs;

public sealed class LabTrafficTests
{
    /// <summary>A lab with background traffic and the probe's counters endpoint played by the test.</summary>
    private sealed class TrafficWorld
    {
        public TrafficWorld(int rate = 20, Action<V1Alpha1StudyLabSpec>? configure = null)
        {
            World = new LabWorld(spec =>
            {
                spec.Steps =
                [
                    new V1Alpha1LabStep { Type = StepType.SelfHealing, SelfHealing = new V1Alpha1SelfHealingParameters { Rounds = 1 } },
                    new V1Alpha1LabStep { Type = StepType.LoadBalancing },
                ];
                configure?.Invoke(spec);
                spec.Traffic.RequestsPerSecond = rate;
            });
            World.TrafficCounters = pod => Reachable
                ? TrafficReading.Of(new V1Alpha1TrafficCounters { Requests = Requests, Failed = Failed, AtMs = World.Time.GetUtcNow().ToUnixTimeMilliseconds(), ProbePodUid = pod.Metadata.Uid })
                : TrafficReading.Unavailable("GET /counters through the pod proxy answered 503");
        }

        public LabWorld World { get; }

        public long Requests { get; set; }

        public long Failed { get; set; }

        public bool Reachable { get; set; } = true;

        public V1Pod? TrafficPod { get; set; }

        /// <summary>The first pass records the traffic Job; the Job controller starts it; the next pass starts step 1.</summary>
        public void StartLab()
        {
            World.Pass();
            TrafficPod = World.StartTraffic();
            World.Pass();
        }

        /// <summary>Plays one SelfHealing round to its end; the step finishes and the LoadBalancing step starts.</summary>
        public void FinishSelfHealing(TimeSpan recovery)
        {
            World.ApplyDeletes();
            World.Heal();
            World.Advance(recovery);
            World.Pass();
            World.Pass();
        }

        public void FinishLoadBalancing()
        {
            var probe = World.StartProbe();
            LabWorld.FinishProbe(probe, LabWorld.ProbeJson(World.Pods.Where(p => p.Metadata.Name.StartsWith("demo-app", StringComparison.Ordinal)).ToDictionary(p => p.Metadata.Name, _ => 100), World.Time.GetUtcNow()));
            World.Pass();
        }
    }

    [Fact]
    public void The_traffic_job_is_recorded_and_created_before_the_first_step_which_waits_for_its_counters()
    {
        var t = new TrafficWorld();
        var first = t.World.Pass();

        Assert.Equal(LabPhase.Running, first.Status.Phase);
        Assert.Equal(StepPhase.Pending, t.World.Step(0).Phase);
        var create = Assert.IsType<CreateJobAction>(Assert.Single(first.Actions));
        Assert.Equal("demo-traffic", create.Job.Metadata.Name);
        Assert.Equal("demo-traffic", first.Status.Traffic!.Job);
        Assert.Equal(20, first.Status.Traffic.RequestsPerSecond);
        Assert.Equal(t.World.Time.GetUtcNow().ToUnixTimeMilliseconds(), first.Status.Traffic.RequestedAtMs);
        Assert.Equal("0/2 starting traffic", first.Status.CurrentStep);

        // The Job's pod runs but its endpoint does not answer yet: still holding, looking again soon.
        t.TrafficPod = t.World.StartTraffic();
        t.Reachable = false;
        var holding = t.World.Pass();
        Assert.Equal(StepPhase.Pending, t.World.Step(0).Phase);
        Assert.Equal(TimeSpan.FromMilliseconds(250), holding.Requeue);
        Assert.Empty(holding.Actions);

        t.Reachable = true;
        t.Requests = 3;
        var started = t.World.Pass();
        Assert.Equal(StepPhase.Running, t.World.Step(0).Phase);
        Assert.Equal(3, t.World.Step(0).Traffic!.Start!.Requests);
        Assert.Equal(t.TrafficPod!.Metadata.Uid, t.World.Step(0).Traffic!.Start!.ProbePodUid);
        Assert.All(started.Actions, a => Assert.IsType<DeletePodAction>(a));
    }

    [Fact]
    public void Each_step_gets_the_difference_of_the_counters_at_its_start_and_end()
    {
        var t = new TrafficWorld();
        t.Requests = 10;
        t.StartLab();

        t.Requests = 70;
        t.Failed = 3;
        t.FinishSelfHealing(TimeSpan.FromSeconds(3));

        var healing = t.World.Step(0);
        Assert.Equal(StepPhase.Succeeded, healing.Phase);
        Assert.Equal((10L, 70L), (healing.Traffic!.Start!.Requests, healing.Traffic.End!.Requests));
        var window = healing.Result!.Traffic!;
        Assert.Equal((60L, 3L, "95.00%"), (window.Requests, window.Failed, window.Availability));
        Assert.Equal(3000, window.DurationMs);
        Assert.Null(healing.Traffic.NotMeasured);
        Assert.Contains("background traffic 60 requests, 3 failed, availability 95.00%", healing.Message, StringComparison.Ordinal);
        Assert.Contains("saw 95.00% availability during this step (3 of 60 background requests failed)", healing.Lesson, StringComparison.Ordinal);
        Assert.Contains("SLA", healing.Lesson, StringComparison.Ordinal);
        Assert.Contains(t.World.Last!.Events, e => e.Reason == StepRecords.StepSucceeded && e.Message.Contains("background traffic 60 requests, 3 failed", StringComparison.Ordinal));
        var measured = Assert.Single(t.World.Last.Measurements.OfType<TrafficMeasured>());
        Assert.Equal(new TrafficMeasured("SelfHealing", 60, 3), measured);

        // The next step's window opens with the same reading the previous one closed with.
        Assert.Equal(StepPhase.Running, t.World.Step(1).Phase);
        Assert.Equal(70, t.World.Step(1).Traffic!.Start!.Requests);

        t.Requests = 270;
        t.FinishLoadBalancing();
        Assert.Equal((200L, 0L, "100.00%"), (t.World.Step(1).Result!.Traffic!.Requests, t.World.Step(1).Result!.Traffic!.Failed, t.World.Step(1).Result!.Traffic!.Availability));
    }

    [Fact]
    public void A_window_survives_an_operator_restart_because_both_readings_are_in_status()
    {
        var t = new TrafficWorld();
        t.StartLab();
        t.Requests = 40;
        t.FinishSelfHealing(TimeSpan.FromSeconds(2));
        Assert.Equal(40, t.World.Step(1).Traffic!.Start!.Requests);

        // A new operator run: only the status written so far is left.
        t.World.Engine = new LabEngine(LabFixtures.OperatorImage, "session-b");
        t.Requests = 160;
        t.Failed = 1;
        t.World.Advance(TimeSpan.FromSeconds(6));
        t.FinishLoadBalancing();

        Assert.Equal(StepPhase.Succeeded, t.World.Step(1).Phase);
        var window = t.World.Step(1).Result!.Traffic!;
        Assert.Equal((120L, 1L, "99.16%", 6000L), (window.Requests, window.Failed, window.Availability, window.DurationMs!.Value));
        Assert.DoesNotContain(t.World.Last!.Actions, a => a is CreateJobAction c && c.Job.Metadata.Name == "demo-traffic");
    }

    [Fact]
    public void An_unreachable_probe_at_the_end_of_a_step_leaves_its_window_without_numbers_and_says_why()
    {
        var t = new TrafficWorld();
        t.StartLab();
        t.Reachable = false;
        t.FinishSelfHealing(TimeSpan.FromSeconds(2));

        var healing = t.World.Step(0);
        Assert.Equal(StepPhase.Succeeded, healing.Phase); // the step runs on; only its traffic has no numbers
        Assert.Null(healing.Result!.Traffic);
        Assert.Null(healing.Traffic!.End);
        Assert.Equal("traffic not measured: the traffic probe did not answer when the step ended (GET /counters through the pod proxy answered 503)", healing.Traffic.NotMeasured);
        Assert.DoesNotContain("background traffic", healing.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SLA", healing.Lesson, StringComparison.Ordinal);
        Assert.Empty(t.World.Last!.Measurements.OfType<TrafficMeasured>());

        // The next step started without a reading either: it says so, and still runs.
        Assert.Equal(StepPhase.Running, t.World.Step(1).Phase);
        Assert.Null(t.World.Step(1).Traffic!.Start);
        Assert.StartsWith("traffic not measured: the traffic probe did not answer when the step started", t.World.Step(1).Traffic!.NotMeasured, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_step_waits_at_most_a_minute_for_the_traffic_then_runs_without_it()
    {
        var t = new TrafficWorld();
        t.World.Pass();
        t.World.Advance(TimeSpan.FromSeconds(30));
        t.World.Pass();
        Assert.Equal(StepPhase.Pending, t.World.Step(0).Phase);

        t.World.Advance(TimeSpan.FromSeconds(31));
        t.World.Pass();

        Assert.Equal(StepPhase.Running, t.World.Step(0).Phase);
        Assert.Equal("traffic not measured: the traffic probe was not running when the step started", t.World.Step(0).Traffic!.NotMeasured);
        Assert.Contains("did not answer within 60 s", t.World.Lab.Status!.Traffic!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recorded_traffic_job_missing_after_ten_seconds_is_created_again_under_the_same_name()
    {
        var t = new TrafficWorld();
        t.World.Pass();
        t.World.Advance(TimeSpan.FromSeconds(5));
        Assert.Empty(t.World.Pass().Actions);

        t.World.Advance(TimeSpan.FromSeconds(6));
        var again = Assert.IsType<CreateJobAction>(Assert.Single(t.World.Pass().Actions));
        Assert.Equal("demo-traffic", again.Job.Metadata.Name);
        Assert.Equal(t.World.Lab.Status!.Traffic!.RequestedAtMs, t.World.Lab.Status.Traffic.RequestedAtMs);
    }

    [Fact]
    public void A_probe_replaced_during_a_step_gives_no_window_rather_than_subtracting_counters_of_two_runs()
    {
        var t = new TrafficWorld();
        t.Requests = 500;
        t.StartLab();
        t.World.Pods.Remove(t.TrafficPod!);
        var replacement = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = "demo-traffic-other",
                NamespaceProperty = t.TrafficPod!.Metadata.NamespaceProperty,
                Uid = "probe-pod-replacement",
                Labels = t.TrafficPod.Metadata.Labels,
                OwnerReferences = t.TrafficPod.Metadata.OwnerReferences,
            },
            Status = t.TrafficPod.Status,
        };
        t.World.Pods.Add(replacement);
        t.Requests = 40;
        t.FinishSelfHealing(TimeSpan.FromSeconds(2));

        Assert.Null(t.World.Step(0).Result!.Traffic);
        Assert.Contains("replaced during the step", t.World.Step(0).Traffic!.NotMeasured, StringComparison.Ordinal);
    }

    [Fact]
    public void When_the_lab_ends_the_probe_is_stopped_once_and_its_final_totals_recorded()
    {
        var t = new TrafficWorld(configure: spec => spec.Steps = [new V1Alpha1LabStep { Type = StepType.SelfHealing, SelfHealing = new V1Alpha1SelfHealingParameters { Rounds = 1 } }]);
        t.StartLab();
        t.Requests = 50;
        t.FinishSelfHealing(TimeSpan.FromSeconds(2));

        Assert.Equal(LabPhase.Succeeded, t.World.Lab.Status!.Phase);
        var stop = Assert.Single(t.World.Last!.Actions.OfType<StopTrafficAction>());
        Assert.Equal((t.TrafficPod!.Metadata.Name, t.TrafficPod.Metadata.Uid), (stop.Name, stop.Uid));
        Assert.Equal(t.World.Time.GetUtcNow().ToUnixTimeMilliseconds(), t.World.Lab.Status.Traffic!.StopRequestedAtMs);

        // The same operator run never sends it twice.
        Assert.Empty(t.World.Pass().Actions);

        // A new operator run while the probe still runs: the stop may never have been sent, so once more.
        t.World.Engine = new LabEngine(LabFixtures.OperatorImage, "session-b");
        Assert.IsType<StopTrafficAction>(Assert.Single(t.World.Pass().Actions));
        Assert.Empty(t.World.Pass().Actions);

        LabWorld.FinishProbe(t.TrafficPod, LabWorld.ProbeJson(new Dictionary<string, int> { ["demo-app-5d8f7c9b6-01"] = 55 }, t.World.Time.GetUtcNow(), failed: 1));
        var collected = t.World.Pass();
        var total = t.World.Lab.Status.Traffic.Total!;
        Assert.Equal((56L, 1L, "98.21%"), (total.Requests, total.Failed, total.Availability));
        Assert.NotNull(t.World.Lab.Status.Traffic.FinishedAtMs);
        var ev = Assert.Single(collected.Events);
        Assert.Equal("TrafficStopped", ev.Reason);
        Assert.Contains("56 requests", ev.Message, StringComparison.Ordinal);
        Assert.True(t.World.Step(0).Result!.Traffic!.Requests <= total.Requests);

        Assert.Empty(t.World.Pass().Events); // recorded once
    }

    [Fact]
    public void A_failed_lab_stops_its_traffic_too()
    {
        var t = new TrafficWorld(configure: spec => spec.Steps = [new V1Alpha1LabStep { Type = StepType.SelfHealing, SelfHealing = new V1Alpha1SelfHealingParameters { Rounds = 1, TimeoutSeconds = 10 } }]);
        t.StartLab();
        t.World.ApplyDeletes();
        t.Requests = 80;
        t.Failed = 20;
        t.World.Advance(TimeSpan.FromSeconds(11));
        t.World.Pass();

        Assert.Equal(LabPhase.Failed, t.World.Lab.Status!.Phase);
        Assert.Single(t.World.Last!.Actions.OfType<StopTrafficAction>());
        Assert.Equal("75.00%", t.World.Step(0).Result!.Traffic!.Availability);
        Assert.Contains("background traffic 80 requests, 20 failed", t.World.Step(0).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_lesson_gives_the_steps_availability_in_the_labs_language_and_whether_it_met_a_99_9_sla()
    {
        var t = new TrafficWorld(configure: spec => spec.Language = LabLanguage.Korean);
        t.StartLab();
        t.Requests = 2000;
        t.Failed = 1;
        t.FinishSelfHealing(TimeSpan.FromSeconds(2));
        Assert.Contains("가용성은 99.95%", t.World.Step(0).Lesson, StringComparison.Ordinal);
        Assert.Contains("지켰습니다", t.World.Step(0).Lesson, StringComparison.Ordinal);

        Assert.EndsWith("which this step did not meet.", LabLessons.Traffic(LabLanguage.English, LabTraffic.Result(999, 2, 1000)), StringComparison.Ordinal);
        Assert.EndsWith("which this step met.", LabLessons.Traffic(LabLanguage.English, LabTraffic.Result(1000, 1, 1000)), StringComparison.Ordinal);
        Assert.Equal("", LabLessons.Traffic(LabLanguage.English, LabTraffic.Result(0, 0, 1000)));
    }

    [Fact]
    public void Without_traffic_no_probe_runs_and_steps_have_no_window()
    {
        var world = new LabWorld();
        var first = world.Pass();

        Assert.Null(first.Status.Traffic);
        Assert.Equal(StepPhase.Running, world.Step(0).Phase);
        Assert.Null(world.Step(0).Traffic);
        Assert.DoesNotContain(first.Actions, a => a is CreateJobAction);
    }

    [Theory]
    [InlineData(1000, 0, "100.00%")]
    [InlineData(200, 1, "99.50%")]
    [InlineData(100_000, 1, "99.99%")]
    [InlineData(3, 1, "66.66%")]
    [InlineData(7, 7, "0.00%")]
    public void Availability_is_a_string_with_two_decimals_rounded_down(long requests, long failed, string expected) =>
        Assert.Equal(expected, LabTraffic.Availability(requests, failed));

    [Fact]
    public void Availability_without_requests_is_not_a_number() => Assert.Null(LabTraffic.Availability(0, 0));

    [Theory]
    [InlineData(20, 20, "600s")]
    [InlineData(100, 100, "200s")]
    [InlineData(500, 100, "200s")]
    public void The_traffic_job_runs_the_probe_in_traffic_mode_within_the_bounds(int asked, int rate, string duration)
    {
        var lab = LabFixtures.Lab(spec => spec.Traffic.RequestsPerSecond = asked);
        Assert.Equal(rate, LabTraffic.Rate(lab));

        var job = ProbeJobs.Traffic(lab, LabTraffic.Rate(lab), LabFixtures.OperatorImage);
        var container = Assert.Single(job.Spec.Template.Spec.Containers);
        var args = container.Args.ToList();
        Assert.Equal(duration, args[args.IndexOf("--duration") + 1]);
        Assert.Equal(rate.ToString(System.Globalization.CultureInfo.InvariantCulture), args[args.IndexOf("--rate") + 1]);
        Assert.Equal("8081", args[args.IndexOf("--counters-port") + 1]);
        Assert.Equal(8081, Assert.Single(container.Ports).ContainerPort);
        Assert.Equal("status.podIP", container.Env.Single(e => e.Name == "POD_IP").ValueFrom.FieldRef.FieldPath);
        Assert.Equal("demo-traffic", job.Metadata.Name);
        Assert.Equal(lab.Metadata.Uid, Assert.Single(job.Metadata.OwnerReferences).Uid);
        Assert.False(job.Spec.Template.Metadata.Labels.ContainsKey(ProbeJobs.StepLabel));
    }
}
