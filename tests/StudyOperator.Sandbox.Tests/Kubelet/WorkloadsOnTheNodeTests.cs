using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using StudyOperator.Sandbox.Tests.Infrastructure;

namespace StudyOperator.Sandbox.Tests.Kubelet;

/// <summary>
/// Issue 5's acceptance: the workload controllers and the real kubelet together, driven by kubectl 1.32. Pods of a
/// Deployment made by <c>kubectl create deployment … -- study-operator app</c> run the locally built app as
/// processes, serve through the Service's cluster IP, are replaced, rolled and collected with their processes.
/// </summary>
public sealed class WorkloadsOnTheNodeTests(KubeletFixture fixture) : IClassFixture<KubeletFixture>
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(90);
    private readonly IKubernetes client = fixture.Client;

    [KubectlFact]
    public async Task A_deployment_serves_through_its_service_heals_a_deleted_pod_and_is_collected_with_its_processes()
    {
        var ns = await fixture.Api.NamespaceAsync("deploy");
        using var kubectl = new Kubectl(fixture.Server, ns);
        await kubectl.OkAsync("create", "deployment", "web", "--image=study-operator:dev", "--replicas=3", "--", "study-operator", "app");
        var container = Assert.Single((await client.AppsV1.ReadNamespacedDeploymentAsync("web", ns)).Spec.Template.Spec.Containers);
        Assert.Equal(["study-operator", "app"], container.Command);
        Assert.Null(container.Args);
        await RolloutStatusAsync(kubectl);
        Assert.Matches(@"web\s+3/3\s+3\s+3\s", await kubectl.OkAsync("get", "deploy", "web"));

        var pods = await ActivePodsAsync(ns);
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p => Assert.True(Pods.IsReady(p), p.Metadata.Name));
        var replicaSet = Assert.Single((await client.AppsV1.ListNamespacedReplicaSetAsync(ns)).Items);
        Assert.All(pods, p => Assert.Equal(replicaSet.Metadata.Uid, p.Metadata.OwnerReferences.Single(o => o.Controller == true).Uid));

        // command [study-operator, app] named the image's entrypoint, so each pod runs the local build: dotnet …/study-operator.dll app.
        foreach (var pod in pods)
        {
            var argv = await ArgvOfAsync(ns, pod.Metadata.Name);
            Assert.True(argv.Length >= 2 && argv[^2].EndsWith("study-operator.dll", StringComparison.Ordinal) && argv[^1] == "app", string.Join(' ', argv));
        }

        // Requests to the Service's cluster IP, each on a new connection, reach all three pods.
        await kubectl.OkAsync("expose", "deployment", "web", "--port=80", "--target-port=8080");
        var service = await client.CoreV1.ReadNamespacedServiceAsync("web", ns);
        Assert.StartsWith("127.2.", service.Spec.ClusterIP);
        var names = pods.Select(p => p.Metadata.Name).ToHashSet();
        var seen = new HashSet<string>();
        await Eventually.True(
            async () =>
            {
                if (await Pods.AskAsync(service.Spec.ClusterIP, 80) is { } answer)
                {
                    seen.Add(answer);
                }

                return seen.IsSupersetOf(names);
            },
            Slow,
            "answers from all three pods through the cluster IP");
        Assert.Equal(names, seen);

        // A deleted pod is replaced by the ReplicaSet; its process is gone, the replacement runs and becomes Ready.
        var victim = pods[1].Metadata.Name;
        Assert.NotEmpty(ProcessesOfPod(ns, victim));
        Assert.Contains($"pod \"{victim}\" deleted", await kubectl.OkAsync("delete", "pod", victim, "--timeout=60s"));
        await Eventually.True(() => ProcessesOfPod(ns, victim).Count == 0, TimeSpan.FromSeconds(10), $"{victim}'s process to be gone");
        List<V1Pod> healed = [];
        await Eventually.True(
            async () => (healed = await ActivePodsAsync(ns)).Count == 3 && healed.All(Pods.IsReady) && healed.All(p => p.Metadata.Name != victim),
            Slow,
            "a Ready replacement");
        var replacement = Assert.Single(healed, p => !names.Contains(p.Metadata.Name));
        Assert.StartsWith($"{replicaSet.Metadata.Name}-", replacement.Metadata.Name);
        Assert.Equal(replicaSet.Metadata.Uid, replacement.Metadata.OwnerReferences.Single(o => o.Controller == true).Uid);
        Assert.Equal("app", (await ArgvOfAsync(ns, replacement.Metadata.Name))[^1]);
        await RolloutStatusAsync(kubectl);
        await Eventually.True(async () => await Pods.AskAsync(service.Spec.ClusterIP, 80) == replacement.Metadata.Name, Slow, "an answer from the replacement");

        // Deleting the Deployment collects its ReplicaSet, its pods and their processes.
        Assert.NotEmpty(Pods.ProcessesOf(ns));
        Assert.Contains("deployment.apps \"web\" deleted", await kubectl.OkAsync("delete", "deployment", "web", "--timeout=60s"));
        await Eventually.True(
            async () => (await client.AppsV1.ListNamespacedReplicaSetAsync(ns)).Items.Count == 0 && (await client.CoreV1.ListNamespacedPodAsync(ns)).Items.Count == 0,
            Slow,
            "the ReplicaSet and pods to be collected");
        await Eventually.True(() => Pods.ProcessesOf(ns).Count == 0, TimeSpan.FromSeconds(10), "no app process of this namespace");
        Assert.All(fixture.Server.GroundTruth(ns), r => Assert.NotNull(r.Deleted));
        await Eventually.True(async () => !Pods.ReadyEndpoints(await Pods.SlicesAsync(client, ns, "web")).Any(), Slow, "no ready endpoint left");
    }

    [KubectlFact]
    public async Task Set_image_rolls_within_the_surge_and_availability_bounds_and_undo_readopts_the_old_replicaset()
    {
        var ns = await fixture.Api.NamespaceAsync("roll");
        using var kubectl = new Kubectl(fixture.Server, ns);
        await kubectl.OkAsync("create", "deployment", "web", "--image=study-operator:dev", "--replicas=3", "--", "study-operator", "app");
        await RolloutStatusAsync(kubectl);
        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync("web", ns);
        var containerName = Assert.Single(deployment.Spec.Template.Spec.Containers).Name;
        Assert.Equal(("25%", "25%"), (deployment.Spec.Strategy.RollingUpdate.MaxSurge.Value, deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value));
        const int replicas = 3, maxSurge = 1, maxUnavailable = 0; // 25% of 3 rounded up and down (deployment/util ResolveFenceposts).
        var first = Assert.Single((await client.AppsV1.ListNamespacedReplicaSetAsync(ns)).Items);
        Assert.Equal("1", first.Metadata.Annotations["deployment.kubernetes.io/revision"]);

        // Every watched state during the rollout: (pods not being deleted, of them Ready).
        var states = new ConcurrentQueue<(int Existing, int Ready, string Event)>();
        var list = await client.CoreV1.ListNamespacedPodAsync(ns);
        var current = list.Items.ToDictionary(p => p.Metadata.Uid);
        using var stop = new CancellationTokenSource();
        var watching = Task.Run(async () =>
        {
            try
            {
                await foreach (var (type, pod) in client.CoreV1.WatchListNamespacedPodAsync(ns, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: stop.Token))
                {
                    if (type == WatchEventType.Deleted)
                    {
                        current.Remove(pod.Metadata.Uid);
                    }
                    else
                    {
                        current[pod.Metadata.Uid] = pod;
                    }

                    var existing = current.Values.Where(p => p.Metadata.DeletionTimestamp is null).ToList();
                    states.Enqueue((existing.Count, existing.Count(Pods.IsReady), $"{type} {pod.Metadata.Name}"));
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The rollout is over.
            }
        });

        Assert.Contains("image updated", await kubectl.OkAsync("set", "image", "deployment/web", $"{containerName}=study-operator:v2"));
        await RolloutStatusAsync(kubectl);
        await stop.CancelAsync();
        await watching;

        Assert.NotEmpty(states);
        Assert.Contains(states, s => s.Existing == replicas + maxSurge);
        var violations = states.Where(s => s.Existing > replicas + maxSurge || s.Ready < replicas - maxUnavailable).ToList();
        Assert.True(violations.Count == 0, $"bounds broken at: {string.Join(", ", violations)}");
        var rolled = await ActivePodsAsync(ns);
        Assert.Equal(3, rolled.Count);
        Assert.All(rolled, p => Assert.Equal("study-operator:v2", p.Spec.Containers[0].Image));
        Assert.All(rolled, p => Assert.Equal("study-operator:v2", p.Status.ContainerStatuses[0].Image));
        var second = (await client.AppsV1.ListNamespacedReplicaSetAsync(ns)).Items.Single(r => r.Metadata.Uid != first.Metadata.Uid);
        Assert.Equal("2", second.Metadata.Annotations["deployment.kubernetes.io/revision"]);
        await Eventually.True(() => rolled.All(p => ProcessesOfPod(ns, p.Metadata.Name).Count == 1), Slow, "a process for every new pod");

        // Undo re-adopts the first ReplicaSet under its name with the next revision.
        Assert.Contains("rolled back", await kubectl.OkAsync("rollout", "undo", "deployment/web"));
        await RolloutStatusAsync(kubectl);
        var sets = (await client.AppsV1.ListNamespacedReplicaSetAsync(ns)).Items;
        Assert.Equal(2, sets.Count);
        var restored = sets.Single(r => r.Metadata.Name == first.Metadata.Name);
        Assert.Equal(first.Metadata.Uid, restored.Metadata.Uid);
        Assert.Equal("3", restored.Metadata.Annotations["deployment.kubernetes.io/revision"]);
        Assert.Equal(3, restored.Spec.Replicas);
        Assert.Equal(0, sets.Single(r => r.Metadata.Name == second.Metadata.Name).Spec.Replicas);
        var back = await ActivePodsAsync(ns);
        Assert.Equal(3, back.Count);
        Assert.All(back, p => Assert.Equal(("study-operator:dev", true), (p.Spec.Containers[0].Image, Pods.IsReady(p))));
        Assert.Matches(@"web\s+3/3\s+3\s+3\s", await kubectl.OkAsync("get", "deploy", "web"));

        await kubectl.OkAsync("delete", "deployment", "web", "--timeout=60s");
        await Eventually.True(() => Pods.ProcessesOf(ns).Count == 0, Slow, "no app process of this namespace");
    }

    [KubectlFact]
    public async Task A_failing_pod_of_the_deployment_leaves_the_endpoint_slice_and_gets_no_more_traffic()
    {
        var ns = await fixture.Api.NamespaceAsync("fail");
        using var kubectl = new Kubectl(fixture.Server, ns);
        await kubectl.OkAsync("create", "deployment", "web", "--image=study-operator:dev", "--replicas=3", "--", "study-operator", "app");
        await kubectl.OkAsync(
            "patch",
            "deployment",
            "web",
            "-p",
            """{"spec":{"template":{"spec":{"containers":[{"name":"study-operator","readinessProbe":{"httpGet":{"path":"/readyz","port":8080},"periodSeconds":1,"timeoutSeconds":3,"failureThreshold":2}}]}}}}""");
        await RolloutStatusAsync(kubectl);
        await kubectl.OkAsync("expose", "deployment", "web", "--port=80", "--target-port=8080");
        var service = await client.CoreV1.ReadNamespacedServiceAsync("web", ns);
        await Eventually.True(async () => Pods.ReadyEndpoints(await Pods.SlicesAsync(client, ns, "web")).Count() == 3, Slow, "3 ready endpoints");

        var pods = await ActivePodsAsync(ns);
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p => Assert.NotNull(p.Spec.Containers[0].ReadinessProbe));
        var failing = pods[0].Metadata.Name;
        await Pods.ProxyPostAsync(fixture.Api, ns, failing, "fault", new JsonObject { ["mode"] = "failing" });
        List<V1EndpointSlice> slices = [];
        await Eventually.True(async () => Pods.ReadyEndpoints(slices = await Pods.SlicesAsync(client, ns, "web")).Count() == 2, Slow, $"{failing} to leave the ready endpoints");
        Assert.DoesNotContain(Pods.ReadyEndpoints(slices), e => e.TargetRef.Name == failing);
        Assert.False(Pods.IsReady(await client.CoreV1.ReadNamespacedPodAsync(failing, ns)));
        var answers = new List<string?>();
        for (var i = 0; i < 30; i++)
        {
            answers.Add(await Pods.AskAsync(service.Spec.ClusterIP, 80));
        }

        Assert.All(answers, a => Assert.Contains(a, pods.Select(p => p.Metadata.Name).Where(n => n != failing)));
        await Eventually.True(async () => Regex.IsMatch(await kubectl.OkAsync("get", "deploy", "web"), @"web\s+2/3\s+3\s+2\s"), Slow, "kubectl get deploy to show 2/3 ready");
        var truth = fixture.Server.GroundTruth(ns).Single(r => r.Name == failing);
        Assert.True(truth.LeftEndpoints > truth.JoinedEndpoints);

        await kubectl.OkAsync("delete", "deployment", "web", "--timeout=60s");
        await Eventually.True(() => Pods.ProcessesOf(ns).Count == 0, Slow, "no app process of this namespace");
    }

    private static async Task RolloutStatusAsync(Kubectl kubectl)
    {
        var (code, stdout, stderr) = await kubectl.RunAsync(Slow + TimeSpan.FromSeconds(10), "rollout", "status", "deployment/web", $"--timeout={(int)Slow.TotalSeconds}s");
        Assert.True(code == 0, $"kubectl rollout status exited {code}: {stderr}{stdout}");
        Assert.Contains("deployment \"web\" successfully rolled out", stdout);
    }

    private async Task<List<V1Pod>> ActivePodsAsync(string ns) =>
        [.. (await client.CoreV1.ListNamespacedPodAsync(ns)).Items.Where(p => p.Metadata.DeletionTimestamp is null)];

    /// <summary>Live processes started for one pod (POD_NAME and POD_NAMESPACE are set for every container).</summary>
    private static List<int> ProcessesOfPod(string ns, string pod)
    {
        var marker = Encoding.UTF8.GetBytes($"POD_NAME={pod}\0");
        return [.. Pods.ProcessesOf(ns).Where(pid => Read($"/proc/{pid}/environ") is { } environ && environ.AsSpan().IndexOf(marker) >= 0)];
    }

    /// <summary>The argv of the pod's process, once it has one.</summary>
    private static async Task<string[]> ArgvOfAsync(string ns, string pod)
    {
        string[] argv = [];
        await Eventually.True(
            () => ProcessesOfPod(ns, pod) is [var pid] && Read($"/proc/{pid}/cmdline") is { Length: > 0 } cmdline && (argv = Encoding.UTF8.GetString(cmdline).TrimEnd('\0').Split('\0')).Length > 0,
            Slow,
            $"one process for {pod}");
        return argv;
    }

    private static byte[]? Read(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // The process is gone meanwhile.
        }
    }
}
