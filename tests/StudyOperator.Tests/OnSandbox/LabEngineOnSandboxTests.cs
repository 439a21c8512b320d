using k8s;
using k8s.Models;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Labs;
using StudyOperator.Probe;
using StudyOperator.Sandbox;
using StudyOperator.Tests.Support;
using StudyOperator.Workload;
using Xunit.Abstractions;

namespace StudyOperator.Tests.OnSandbox;

/// <summary>
/// The lab engine through the real API path (informers, status writes, deletes with UID preconditions, Job creation)
/// on the sandbox. The sandbox on this branch has no ReplicaSet controller or kubelet, so the test plays them:
/// it creates the ReplicaSet and Ready pods, replaces deleted pods, and finishes probe Jobs with a result.
/// </summary>
public sealed class LabEngineOnSandboxTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private SandboxCluster _cluster = null!;
    private int _pods;

    // These tests play the kubelet (they write pod status), so the sandbox runs without its own node.
    public async Task InitializeAsync() => _cluster = await SandboxCluster.StartAsync(new SandboxOptions { RunNode = false });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private Kubernetes Client => _cluster.Client;

    [Fact]
    public async Task Self_healing_deletes_only_owned_pods_and_times_every_round()
    {
        var ns = await _cluster.CreateNamespaceAsync("heal");
        await using var op = await RunningOperator.StartAsync(_cluster);
        var lab = await _cluster.CreateLabAsync(ns, SandboxCluster.Lab("web", s =>
        {
            s.App.Replicas = 2;
            s.Steps = [new V1Alpha1LabStep { Type = StepType.SelfHealing, SelfHealing = new V1Alpha1SelfHealingParameters { Rounds = 2 } }];
        }));
        var replicaSet = await PlayWorkloadAsync(ns, lab, replicas: 2);
        var decoy = await CreatePodAsync(ns, lab, owner: null);

        var done = await Eventually.Object(async () =>
        {
            await ReplaceMissingPodsAsync(ns, lab, replicaSet, 2);
            var current = await _cluster.GetLabAsync(ns, "web");
            return current.Status?.Phase is LabPhase.Succeeded or LabPhase.Failed ? current : null;
        }, Deadline, "the SelfHealing lab finishes");

        var step = Assert.Single(done.Status!.Steps!);
        output.WriteLine($"recoveryMs {string.Join(", ", step.Result?.RecoveryMs ?? [])} (the test replaces pods when its poll sees them gone); message: {step.Message}");
        Assert.True(LabPhase.Succeeded == done.Status.Phase, step.Message);
        Assert.Equal(2, step.Rounds!.Count);
        Assert.Equal(2, step.Result!.RecoveryMs!.Count);
        Assert.All(step.Result.RecoveryMs, ms => Assert.InRange(ms, 0, Deadline.TotalMilliseconds));
        Assert.Equal($"{step.Result.RecoveryP50Ms}ms", done.Status.Summary!.Recovery);
        Assert.NotNull(step.Lesson);
        Assert.All(step.Rounds, r => Assert.NotEqual(decoy.Metadata.Uid, Assert.Single(r.Pods).Uid));
        Assert.NotNull(await Client.CoreV1.ReadNamespacedPodAsync(decoy.Metadata.Name, ns));
        var events = await Client.CoreV1.ListNamespacedEventAsync(ns);
        Assert.Contains(events.Items, e => e.Reason == StepRecords.StepSucceeded && e.Message.Contains("recovery p50", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Load_balancing_creates_an_owned_probe_job_and_reads_its_termination_message()
    {
        var ns = await _cluster.CreateNamespaceAsync("balance");
        await using var op = await RunningOperator.StartAsync(_cluster);
        var lab = await _cluster.CreateLabAsync(ns, SandboxCluster.Lab("web", s => s.App.Replicas = 2));
        await PlayWorkloadAsync(ns, lab, replicas: 2);

        var job = await Eventually.Object(async () => (await Client.BatchV1.ListNamespacedJobAsync(ns)).Items.FirstOrDefault(), Deadline, "the probe Job");
        Assert.Equal("web-1-lb", job.Metadata.Name);
        Assert.Equal(lab.Metadata.Uid, Assert.Single(job.Metadata.OwnerReferences).Uid);
        Assert.Equal(["probe", "--service", "web", "--port", "80", "--requests", "300", "--concurrency", "4"], job.Spec.Template.Spec.Containers[0].Args);
        Assert.Equal("Never", job.Spec.Template.Spec.RestartPolicy);

        var demoPods = (await Client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: $"{LabLabels.Component}={LabLabels.DemoComponent}")).Items.Select(p => p.Metadata.Name).ToList();
        await FinishProbeAsync(ns, job, new Dictionary<string, int> { [demoPods[0]] = 160, [demoPods[1]] = 140 });

        var done = await Eventually.Object(async () => await _cluster.GetLabAsync(ns, "web") is { Status.Phase: LabPhase.Succeeded or LabPhase.Failed } l ? l : null, Deadline, "the LoadBalancing lab finishes");
        var result = Assert.Single(done.Status!.Steps!).Result!;
        Assert.Equal(LabPhase.Succeeded, done.Status.Phase);
        Assert.Equal("1.14", result.Balance);
        Assert.Equal(["53.3%", "46.7%"], result.AnswersPerPod!.Select(a => a.Share));
        Assert.Equal("1.14", done.Status.Summary!.Balance);
    }

    /// <summary>The Deployment's status, a ReplicaSet it controls, and Ready pods, as the controllers and kubelet would make them.</summary>
    private async Task<V1ReplicaSet> PlayWorkloadAsync(string ns, V1Alpha1StudyLab lab, int replicas)
    {
        var deployment = await Eventually.Object(async () => (await Client.AppsV1.ListNamespacedDeploymentAsync(ns)).Items.FirstOrDefault(), Deadline, "the lab's Deployment");
        var replicaSet = await Client.AppsV1.CreateNamespacedReplicaSetAsync(new V1ReplicaSet
        {
            Metadata = new V1ObjectMeta
            {
                Name = deployment.Metadata.Name + "-5d8f7c9b6",
                Labels = deployment.Spec.Template.Metadata.Labels,
                OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = deployment.Metadata.Name, Uid = deployment.Metadata.Uid, Controller = true }],
            },
            Spec = new V1ReplicaSetSpec { Replicas = replicas, Selector = deployment.Spec.Selector, Template = deployment.Spec.Template },
        }, ns);
        for (var i = 0; i < replicas; i++)
        {
            await CreatePodAsync(ns, lab, replicaSet);
        }

        deployment = await Client.AppsV1.ReadNamespacedDeploymentAsync(deployment.Metadata.Name, ns);
        deployment.Status = new V1DeploymentStatus
        {
            ObservedGeneration = deployment.Metadata.Generation,
            Replicas = replicas,
            UpdatedReplicas = replicas,
            ReadyReplicas = replicas,
            AvailableReplicas = replicas,
        };
        await Client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(deployment, deployment.Metadata.Name, ns);
        return replicaSet;
    }

    private async Task ReplaceMissingPodsAsync(string ns, V1Alpha1StudyLab lab, V1ReplicaSet replicaSet, int replicas)
    {
        var pods = await Client.CoreV1.ListNamespacedPodAsync(ns);
        var owned = pods.Items.Count(p => p.Metadata.OwnerReferences?.Any(o => o.Uid == replicaSet.Metadata.Uid) == true && p.Metadata.DeletionTimestamp is null);
        for (var i = owned; i < replicas; i++)
        {
            await CreatePodAsync(ns, lab, replicaSet);
        }
    }

    private async Task<V1Pod> CreatePodAsync(string ns, V1Alpha1StudyLab lab, V1ReplicaSet? owner)
    {
        var labels = new Dictionary<string, string> { [LabLabels.Lab] = lab.Metadata.Name, [LabLabels.Component] = LabLabels.DemoComponent };
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = $"{lab.Metadata.Name}-app-{Interlocked.Increment(ref _pods):000}",
                Labels = labels,
                OwnerReferences = owner is null ? null : [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = owner.Metadata.Name, Uid = owner.Metadata.Uid, Controller = true }],
            },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "study-operator:dev" }] },
        }, ns);
        pod.Status = new V1PodStatus { Phase = "Running", Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }] };
        return await Client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, pod.Metadata.Name, ns);
    }

    /// <summary>The Job controller and kubelet: a pod of the Job whose probe container ended with a result.</summary>
    private async Task FinishProbeAsync(string ns, V1Job job, Dictionary<string, int> answers)
    {
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = job.Metadata.Name + "-x7k2p",
                Labels = job.Spec.Template.Metadata.Labels,
                OwnerReferences = [new V1OwnerReference { ApiVersion = "batch/v1", Kind = "Job", Name = job.Metadata.Name, Uid = job.Metadata.Uid, Controller = true }],
            },
            Spec = job.Spec.Template.Spec,
        }, ns);
        var result = ProbeResultJson.Serialize(new ProbeResult
        {
            Target = "http://10.96.0.12:80/",
            Mode = "count",
            KeepAlive = false,
            StartedAt = DateTimeOffset.UtcNow,
            DurationMs = 900,
            Complete = true,
            Total = answers.Values.Sum(),
            Ok = answers.Values.Sum(),
            Failed = FailureCounts.None,
            Connections = answers.Values.Sum(),
            Pods = answers,
            LatencyMs = new LatencySummary(2, 4, 9, 12),
            ErrorWindows = [],
        });
        pod.Status = new V1PodStatus
        {
            Phase = "Succeeded",
            ContainerStatuses =
            [
                new V1ContainerStatus
                {
                    Name = ProbeJobs.Component, Image = "study-operator:dev", ImageID = "x", Ready = false, RestartCount = 0,
                    State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 0, Reason = "Completed", Message = result } },
                },
            ],
        };
        await Client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, pod.Metadata.Name, ns);
    }

    [Fact]
    public async Task A_fault_reaches_the_app_through_the_pod_proxy_with_its_json_body()
    {
        var ns = await _cluster.CreateNamespaceAsync("fault");
        await using var app = await InProcessApp.StartAsync();
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "app-0" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "study-operator:dev" }] },
        }, ns);
        pod.Status = new V1PodStatus { Phase = "Running", PodIP = app.BaseUri.Host };
        await Client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, pod.Metadata.Name, ns);
        var faults = new PodProxyFaults(Client);

        await faults.SendAsync(ns, "app-0", app.BaseUri.Port, PodFaultAction.Failing, CancellationToken.None);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, await app.StatusOfAsync("/readyz"));
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, await app.StatusOfAsync("/"));

        await faults.SendAsync(ns, "app-0", app.BaseUri.Port, PodFaultAction.Reset, CancellationToken.None);
        Assert.Equal(System.Net.HttpStatusCode.OK, await app.StatusOfAsync("/readyz"));

        await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => faults.SendAsync(ns, "app-0", app.BaseUri.Port, "no-such-mode", CancellationToken.None));
    }
}
