using k8s;
using k8s.Models;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Tests.Manifests;
using StudyOperator.Workload;
using StudyOperator.Yaml;
using Xunit.Abstractions;

namespace StudyOperator.Tests.OnSandbox;

/// <summary>
/// Every sample lab through the whole stack: the operator in-process, the sandbox's Deployment and
/// Job controllers, its kubelet running `study-operator app` and `study-operator probe` as real
/// processes, and its Service proxy carrying the traffic.
/// </summary>
public sealed class SamplesEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan LabDeadline = TimeSpan.FromMinutes(4);
    private SandboxCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SandboxCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private static V1Alpha1StudyLab Sample(string file) =>
        KubernetesJson.Deserialize<V1Alpha1StudyLab>(Assert.Single(YamlDocuments.Parse(File.ReadAllText(RepositoryRoot.File("config", "samples", file)))).ToJsonString());

    private async Task<V1Alpha1StudyLab> RunToEndAsync(string ns, V1Alpha1StudyLab lab)
    {
        await _cluster.CreateLabAsync(ns, lab);
        var done = await WaitForEndAsync(ns, lab.Metadata.Name);
        foreach (var step in done.Status!.Steps!)
        {
            output.WriteLine($"{step.Type}: {step.Phase} — {step.Message}");
            output.WriteLine($"  lesson: {step.Lesson}");
        }

        Assert.True(done.Status.Phase == LabPhase.Succeeded, string.Join(" | ", done.Status.Steps!.Select(s => $"{s.Type}: {s.Message}")));
        return done;
    }

    [Fact]
    public async Task Self_healing_sample_measures_every_round()
    {
        var ns = await _cluster.CreateNamespaceAsync("sample-heal");
        await using var op = await RunningOperator.StartAsync(_cluster, o => o.Namespaces = [ns]);
        var lab = Sample("self-healing.yaml");
        var step = Assert.Single((await RunToEndAsync(ns, lab)).Status!.Steps!);

        var timeout = lab.Spec.Steps[0].SelfHealing!.TimeoutSeconds * 1000L;
        Assert.Equal(lab.Spec.Steps[0].SelfHealing!.Rounds, step.Result!.RecoveryMs!.Count);
        Assert.All(step.Result.RecoveryMs, ms => Assert.InRange(ms, 1, timeout));
        Assert.NotNull(step.Lesson);
    }

    [Fact]
    public async Task Load_balancing_sample_gets_answers_from_every_pod()
    {
        var ns = await _cluster.CreateNamespaceAsync("sample-lb");
        await using var op = await RunningOperator.StartAsync(_cluster, o => o.Namespaces = [ns]);
        var lab = Sample("load-balancing.yaml");
        var done = await RunToEndAsync(ns, lab);
        var result = Assert.Single(done.Status!.Steps!).Result!;

        var pods = (await _cluster.Client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: $"{LabLabels.Component}={LabLabels.DemoComponent}")).Items;
        Assert.Equal(lab.Spec.App.Replicas, result.AnswersPerPod!.Count);
        Assert.All(result.AnswersPerPod, a => Assert.True(a.Count > 0, $"{a.Pod} answered"));
        Assert.Equal(result.Requests - result.Failed, result.AnswersPerPod.Sum(a => a.Count));
        Assert.Subset(pods.Select(p => p.Metadata.Name).ToHashSet(), result.AnswersPerPod.Select(a => a.Pod).ToHashSet());
        Assert.NotNull(result.Balance);
    }

    [Fact]
    public async Task Failover_sample_confines_errors_to_the_detection_window()
    {
        var ns = await _cluster.CreateNamespaceAsync("sample-failover");
        await using var op = await RunningOperator.StartAsync(_cluster, o => o.Namespaces = [ns]);
        var result = Assert.Single((await RunToEndAsync(ns, Sample("failover.yaml"))).Status!.Steps!).Result!;

        Assert.NotNull(result.FaultedPod);
        Assert.InRange(result.DetectionMs ?? -1, 1, 60_000);
        Assert.Equal(0, result.FailedAfterDetection);
        Assert.Equal(result.Failed, result.FailedDuringDetection);
    }

    [Fact]
    public async Task Killing_the_operator_mid_self_healing_deletes_no_extra_pod_and_the_lab_completes()
    {
        var ns = await _cluster.CreateNamespaceAsync("restart-heal");
        var lab = SandboxCluster.Lab("heal", s =>
        {
            s.App.Replicas = 2;
            s.Steps = [new V1Alpha1LabStep { Type = StepType.SelfHealing, SelfHealing = new V1Alpha1SelfHealingParameters { Rounds = 3, PodsPerRound = 1 } }];
        });
        var first = await RunningOperator.StartAsync(_cluster, o => o.Namespaces = [ns]);
        await _cluster.CreateLabAsync(ns, lab);
        await Eventually.True(
            async () => (await _cluster.GetLabAsync(ns, "heal")).Status?.Steps?[0].Rounds?.Count >= 1,
            LabDeadline,
            "the first round is recorded");
        await first.DisposeAsync();

        await using var second = await RunningOperator.StartAsync(_cluster, o => o.Namespaces = [ns]);
        var done = await WaitForEndAsync(ns, "heal");
        Assert.True(done.Status!.Phase == LabPhase.Succeeded, done.Status.Steps![0].Message);

        var rounds = done.Status.Steps![0].Rounds!;
        output.WriteLine($"rounds: {string.Join(", ", rounds.Select(r => $"{r.Round}: {r.RecoveryMs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "interrupted"}"))}; {done.Status.Steps[0].Message}");
        Assert.Equal(3, rounds.Count);
        var recorded = rounds.SelectMany(r => r.Pods).Select(p => p.Uid).ToHashSet();
        Assert.Equal(3, recorded.Count);
        // Ground truth: exactly the three recorded pods were asked to terminate, nothing else.
        var terminated = _cluster.Sandbox.PodTimeline.InNamespace(ns).Where(p => p.DeletionRequested is not null).Select(p => p.Uid).ToHashSet();
        Assert.Equal(recorded, terminated);
    }

    private Task<V1Alpha1StudyLab> WaitForEndAsync(string ns, string name) =>
        Eventually.Object(
            async () => await _cluster.GetLabAsync(ns, name) is { Status.Phase: LabPhase.Succeeded or LabPhase.Failed } l ? l : null,
            LabDeadline,
            $"lab {name} finishes");

    [Fact]
    public async Task Full_tour_sample_succeeds_and_never_touches_a_decoy_pod()
    {
        var ns = await _cluster.CreateNamespaceAsync("sample-tour");
        var lab = Sample("full-tour.yaml");
        var decoy = await _cluster.Client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = "decoy", Labels = LabLabels.ForPod(lab) },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "study-operator:dev", Args = ["app", "--port=8080"] }] },
            },
            ns);
        await using var op = await RunningOperator.StartAsync(_cluster, o => o.Namespaces = [ns]);
        var done = await RunToEndAsync(ns, lab);

        Assert.Equal(3, done.Status!.Steps!.Count);
        Assert.NotNull(done.Status.Summary!.Recovery);
        Assert.NotNull(done.Status.Summary.Balance);
        var survivor = await _cluster.Client.CoreV1.ReadNamespacedPodAsync("decoy", ns);
        Assert.Equal(decoy.Metadata.Uid, survivor.Metadata.Uid);
        Assert.Equal(0, survivor.Status.ContainerStatuses[0].RestartCount);
        Assert.Equal(20, lab.Spec.Traffic.RequestsPerSecond);
        await AssertTrafficWindowsAsync(ns, lab.Metadata.Name);
    }

    /// <summary>
    /// The background probe ran through every step: each step has a window with requests, the windows together are at
    /// most what the probe counted over its whole run (it was stopped when the lab ended and its final totals were
    /// read from its termination message), a healthy LoadBalancing step saw no failure, and the Failover step's
    /// failures show up in the background traffic too.
    /// </summary>
    private async Task AssertTrafficWindowsAsync(string ns, string name)
    {
        var lab = await Eventually.Object(
            async () => await _cluster.GetLabAsync(ns, name) is { Status.Traffic.Total: not null } l ? l : null,
            TimeSpan.FromMinutes(1),
            "the traffic probe is stopped and its totals are read");
        var traffic = lab.Status!.Traffic!;
        output.WriteLine($"traffic: {traffic.Message}");
        foreach (var step in lab.Status.Steps!)
        {
            var window = step.Result?.Traffic;
            output.WriteLine($"  {step.Type}: {(window is null ? step.Traffic?.NotMeasured : $"{window.Requests} requests, {window.Failed} failed, {window.Availability} in {window.DurationMs} ms")}");
            Assert.True(window is { Requests: > 0 }, $"{step.Type} has a traffic window: {step.Traffic?.NotMeasured}");
            Assert.Contains("availability", step.Lesson, StringComparison.Ordinal);
        }

        var windows = lab.Status.Steps!.Select(s => s.Result!.Traffic!).ToList();
        Assert.True(windows.Sum(w => w.Requests) <= traffic.Total!.Requests, $"windows {windows.Sum(w => w.Requests)} <= total {traffic.Total!.Requests}");
        Assert.True(windows.Sum(w => w.Failed) <= traffic.Total.Failed);
        Assert.NotNull(traffic.StopRequestedAtMs);

        var loadBalancing = lab.Status.Steps!.Single(s => s.Type == StepType.LoadBalancing);
        Assert.Equal(0, loadBalancing.Result!.Traffic!.Failed);
        var failover = lab.Status.Steps!.Single(s => s.Type == StepType.Failover);
        if (failover.Result!.FailedDuringDetection > 0)
        {
            // Both probes went through the same Service while the broken pod was still an endpoint.
            Assert.True(failover.Result.Traffic!.Failed > 0, $"the Failover step's own probe saw {failover.Result.FailedDuringDetection} failures; the background traffic none");
        }

        Assert.True(failover.Result.Traffic!.Failed <= failover.Result.Traffic.Requests);
    }
}
