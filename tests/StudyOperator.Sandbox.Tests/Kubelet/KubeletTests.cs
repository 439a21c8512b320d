using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using StudyOperator.Sandbox.Tests.Infrastructure;

namespace StudyOperator.Sandbox.Tests.Kubelet;

/// <summary>
/// The kubelet and Services end to end: bare pods of the project's image run the locally built study-operator,
/// their probes drive Ready and restarts, EndpointSlices follow readiness and the Service proxy follows the slices.
/// </summary>
public sealed class KubeletTests(KubeletFixture fixture) : IClassFixture<KubeletFixture>
{
    private readonly IKubernetes client = fixture.Client;

    [Fact]
    public async Task Three_app_pods_become_ready_behind_a_service_that_stops_sending_to_a_failing_one()
    {
        var ns = await fixture.Api.NamespaceAsync("svc");
        foreach (var name in new[] { "web-a", "web-b", "web-c" })
        {
            await client.CoreV1.CreateNamespacedPodAsync(Pods.App(name), ns);
        }

        var service = await client.CoreV1.CreateNamespacedServiceAsync(Pods.Service("web"), ns);
        var pods = new List<V1Pod>();
        foreach (var name in new[] { "web-a", "web-b", "web-c" })
        {
            pods.Add(await Pods.WaitAsync(client, ns, name, Pods.IsReady, "Ready"));
        }

        var ips = pods.Select(p => p.Status.PodIP).ToList();
        Assert.Equal(3, ips.Distinct().Count());
        Assert.All(pods, p =>
        {
            Assert.StartsWith("127.1.", p.Status.PodIP);
            Assert.Equal(p.Status.PodIP, Assert.Single(p.Status.PodIPs).Ip);
            Assert.Equal("sandbox", p.Spec.NodeName);
            Assert.Equal("Running", p.Status.Phase);
            Assert.Equal(["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"], p.Status.Conditions.Select(c => c.Type));
            var status = Assert.Single(p.Status.ContainerStatuses);
            Assert.Equal(("app", "study-operator:dev", true, true, 0), (status.Name, status.Image, status.Ready, status.Started, status.RestartCount));
            Assert.StartsWith("sandbox://", status.ContainerID);
            Assert.Contains("@sha256:", status.ImageID);
            Assert.NotNull(status.State.Running);
        });

        List<V1EndpointSlice> slices = [];
        await Eventually.True(async () => Pods.ReadyEndpoints(slices = await Pods.SlicesAsync(client, ns, "web")).Count() == 3, Pods.Slow, "3 ready endpoints");
        var slice = Assert.Single(slices);
        Assert.StartsWith("web-", slice.Metadata.Name);
        Assert.Equal("endpointslice-controller.k8s.io", slice.Metadata.Labels["endpointslice.kubernetes.io/managed-by"]);
        Assert.Equal("IPv4", slice.AddressType);
        Assert.Equal(("web", 8080, "TCP"), (slice.Ports[0].Name, slice.Ports[0].Port!.Value, slice.Ports[0].Protocol));
        Assert.Equal(ips.Order(), slice.Endpoints.Select(e => e.Addresses[0]).Order());
        Assert.All(slice.Endpoints, e => Assert.Equal(("Pod", "sandbox", false), (e.TargetRef.Kind, e.NodeName, e.Conditions.Terminating)));
        Assert.Equal(service.Metadata.Uid, Assert.Single(slice.Metadata.OwnerReferences).Uid);
        var legacy = await client.CoreV1.ReadNamespacedEndpointsAsync("web", ns);
        Assert.Equal(3, Assert.Single(legacy.Subsets).Addresses.Count);

        // Requests to clusterIP:port on new connections reach every pod.
        var clusterIp = service.Spec.ClusterIP;
        Assert.StartsWith("127.2.", clusterIp);
        var seen = new HashSet<string>();
        await Eventually.True(async () => await Pods.AskAsync(clusterIp, 80) is { } pod && seen.Add(pod) && seen.Count == 3, Pods.Slow, "answers from all three pods");

        // The service proxy subresource reaches a ready pod too.
        var (code, body, _) = await fixture.Api.GetAsync($"/api/v1/namespaces/{ns}/services/web:web/proxy/");
        Assert.Equal(200, code);
        Assert.Contains(body["pod"]!.GetValue<string>(), seen);

        // A failing pod fails its readiness probe, leaves the endpoints and gets no more traffic.
        await Pods.ProxyPostAsync(fixture.Api, ns, "web-b", "fault", new JsonObject { ["mode"] = "failing" });
        await Eventually.True(async () => Pods.ReadyEndpoints(await Pods.SlicesAsync(client, ns, "web")).Count() == 2, Pods.Slow, "web-b to leave the ready endpoints");
        var failing = await client.CoreV1.ReadNamespacedPodAsync("web-b", ns);
        Assert.False(Pods.IsReady(failing));
        Assert.Equal("ContainersNotReady", failing.Status.Conditions.Single(c => c.Type == "Ready").Reason);
        Assert.Equal(0, failing.Status.ContainerStatuses[0].RestartCount);
        await Eventually.True(async () => (await client.CoreV1.ReadNamespacedEndpointsAsync("web", ns)).Subsets[0].NotReadyAddresses?.Count == 1, Pods.Slow, "web-b in notReadyAddresses");
        var answers = new List<string?>();
        for (var i = 0; i < 30; i++)
        {
            answers.Add(await Pods.AskAsync(clusterIp, 80));
        }

        Assert.All(answers, a => Assert.Contains(a, new[] { "web-a", "web-c" }));
        var truth = fixture.Server.GroundTruth(ns).Single(r => r.Name == "web-b");
        Assert.NotNull(truth.Ready);
        Assert.NotNull(truth.JoinedEndpoints);
        Assert.True(truth.LeftEndpoints > truth.JoinedEndpoints);
        var (gtCode, groundTruth, _) = await fixture.Api.GetAsync($"/sandbox/ground-truth?namespace={ns}");
        Assert.Equal(200, gtCode);
        Assert.Equal(3, groundTruth["items"]!.AsArray().Count);
        Assert.NotNull(groundTruth["items"]!.AsArray().Single(i => i!["name"]!.GetValue<string>() == "web-b")!["leftEndpoints"]);
    }

    [Fact]
    public async Task A_liveness_failure_restarts_the_container_with_its_last_state_and_previous_log()
    {
        var ns = await fixture.Api.NamespaceAsync("live");
        await client.CoreV1.CreateNamespacedPodAsync(Pods.App("web-0"), ns);
        var first = await Pods.WaitAsync(client, ns, "web-0", Pods.IsReady, "Ready");
        var firstId = first.Status.ContainerStatuses[0].ContainerID;

        await Pods.ProxyPostAsync(fixture.Api, ns, "web-0", "fault", new JsonObject { ["mode"] = "liveness" });
        var restarted = await Pods.WaitAsync(client, ns, "web-0", p => p.Status.ContainerStatuses[0].RestartCount == 1 && Pods.IsReady(p), "restarted and Ready again");
        var status = restarted.Status.ContainerStatuses[0];
        Assert.NotNull(status.LastState.Terminated);
        Assert.Equal(firstId, status.LastState.Terminated.ContainerID);
        Assert.NotEqual(firstId, status.ContainerID);
        Assert.NotNull(status.State.Running);

        // The kubelet's Events tell the story, repeats aggregated into count.
        var events = (await client.CoreV1.ListNamespacedEventAsync(ns)).Items.Where(e => e.InvolvedObject.Name == "web-0").ToList();
        Assert.Contains(events, e => e.Reason == "Scheduled" && e.Source.Component == "default-scheduler" && e.Message == $"Successfully assigned {ns}/web-0 to sandbox");
        Assert.Contains(events, e => e.Reason == "Unhealthy" && e.Type == "Warning" && e.Message == "Liveness probe failed: HTTP probe failed with statuscode: 503");
        Assert.Contains(events, e => e.Reason == "Killing" && e.Message == "Container app failed liveness probe, will be restarted");
        var started = Assert.Single(events, e => e.Reason == "Started");
        Assert.Equal(("Started container app", 2, "spec.containers{app}", "kubelet"), (started.Message, started.Count, started.InvolvedObject.FieldPath, started.Source.Component));

        var previous = await client.CoreV1.ReadNamespacedPodLogAsync("web-0", ns, previous: true);
        using var reader = new StreamReader(previous);
        Assert.Contains("Fault Liveness set to True", await reader.ReadToEndAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_probe_pod_with_restart_policy_Never_succeeds_with_its_result_as_termination_message()
    {
        var ns = await fixture.Api.NamespaceAsync("probe");
        await client.CoreV1.CreateNamespacedPodAsync(Pods.App("web-0"), ns);
        var service = await client.CoreV1.CreateNamespacedServiceAsync(Pods.Service("web"), ns);
        await Pods.WaitAsync(client, ns, "web-0", Pods.IsReady, "Ready");
        await Eventually.True(async () => Pods.ReadyEndpoints(await Pods.SlicesAsync(client, ns, "web")).Any(), Pods.Slow, "a ready endpoint");

        var probe = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "probe" },
            Spec = new V1PodSpec
            {
                RestartPolicy = "Never",
                Containers = [new V1Container { Name = "probe", Image = "ghcr.io/example/study-operator:1.2", Args = ["probe", "--url", $"http://{service.Spec.ClusterIP}:80/", "--requests", "20"] }],
            },
        };
        await client.CoreV1.CreateNamespacedPodAsync(probe, ns);
        var done = await Pods.WaitAsync(client, ns, "probe", p => p.Status.Phase is "Succeeded" or "Failed", "to finish");
        var terminated = done.Status.ContainerStatuses[0].State.Terminated;
        Assert.True(done.Status.Phase == "Succeeded", $"phase {done.Status.Phase}, exit {terminated?.ExitCode}: {terminated?.Message}");
        Assert.NotNull(terminated);
        Assert.Equal(("Completed", 0), (terminated.Reason, terminated.ExitCode));
        var result = JsonNode.Parse(terminated.Message)!.AsObject();
        Assert.Contains("20", result.ToJsonString());
        Assert.Equal("PodCompleted", done.Status.Conditions.Single(c => c.Type == "Ready").Reason);

        using var kubectl = new Kubectl(fixture.Server, ns);
        var logs = await kubectl.OkAsync("logs", "probe");
        Assert.Contains(terminated.Message.Trim(), logs);
    }

    [KubectlFact]
    public async Task Kubectl_waits_for_readiness_shows_the_app_logs_and_waits_for_deletion()
    {
        var ns = await fixture.Api.NamespaceAsync("logs");
        await client.CoreV1.CreateNamespacedPodAsync(Pods.App("web-0"), ns);
        using var kubectl = new Kubectl(fixture.Server, ns);
        await kubectl.OkAsync("wait", "--for=condition=Ready", "pod/web-0", "--timeout=60s");
        var wide = "";
        await Eventually.True(
            async () => System.Text.RegularExpressions.Regex.IsMatch(wide = await kubectl.OkAsync("get", "pod", "web-0", "-o", "wide"), @"web-0\s+1/1\s+Running\s+0\s+\S+\s+127\.1\.\d+\.\d+\s+sandbox"),
            Pods.Slow,
            "kubectl get -o wide to show the running pod with IP and node");
        await Eventually.True(async () => (await kubectl.OkAsync("logs", "web-0")).Contains("Ready ", StringComparison.Ordinal), Pods.Slow, "the app's Ready line in kubectl logs");
        var all = (await kubectl.OkAsync("logs", "web-0")).TrimEnd('\n').Split('\n');
        var tail = (await kubectl.OkAsync("logs", "web-0", "--tail=1")).TrimEnd('\n').Split('\n');
        Assert.True(all.Length > 1);
        Assert.Equal(all[^1], Assert.Single(tail));
        var stamped = (await kubectl.OkAsync("logs", "web-0", "--since=1h", "--timestamps")).TrimEnd('\n').Split('\n');
        Assert.True(stamped.Length >= all.Length);
        Assert.All(stamped, l => Assert.True(DateTimeOffset.TryParse(l.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out _), l));
        var future = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("", await kubectl.OkAsync("logs", "web-0", $"--since-time={future}"));
        var (code, _, stderr) = await kubectl.RunAsync("logs", "web-0", "--previous");
        Assert.NotEqual(0, code);
        Assert.Contains("previous terminated container \"app\" in pod \"web-0\" not found", stderr);

        // kubectl delete waits (with a watch) until the kubelet has stopped the app and removed the object.
        Assert.Contains("pod \"web-0\" deleted", await kubectl.OkAsync("delete", "pod", "web-0", "--timeout=60s"));
        Assert.Empty((await client.CoreV1.ListNamespacedPodAsync(ns)).Items);
        Assert.Empty(Pods.ProcessesOf(ns));
    }

    [Fact]
    public async Task Deleting_a_pod_sends_SIGTERM_and_it_drains_out_of_the_endpoints_before_it_goes()
    {
        var ns = await fixture.Api.NamespaceAsync("drain");
        await client.CoreV1.CreateNamespacedPodAsync(Pods.App("web-0", drainDelay: "3s"), ns);
        await client.CoreV1.CreateNamespacedServiceAsync(Pods.Service("web"), ns);
        await Pods.WaitAsync(client, ns, "web-0", Pods.IsReady, "Ready");
        await Eventually.True(async () => Pods.ReadyEndpoints(await Pods.SlicesAsync(client, ns, "web")).Count() == 1, Pods.Slow, "a ready endpoint");
        Assert.Single(Pods.ProcessesOf(ns));

        await client.CoreV1.DeleteNamespacedPodAsync("web-0", ns);
        var terminating = await client.CoreV1.ReadNamespacedPodAsync("web-0", ns);
        Assert.NotNull(terminating.Metadata.DeletionTimestamp);
        Assert.Equal(30, terminating.Metadata.DeletionGracePeriodSeconds);

        // While it drains the pod is still there, serving but no longer ready, as a terminating endpoint.
        await Eventually.True(
            async () => (await Pods.SlicesAsync(client, ns, "web")).SelectMany(s => s.Endpoints ?? []).Any(e => e.Conditions.Terminating == true && e.Conditions.Ready == false),
            Pods.Slow,
            "a terminating endpoint");
        await Eventually.True(
            async () => (await client.CoreV1.ListNamespacedPodAsync(ns)).Items.Count == 0,
            TimeSpan.FromSeconds(25),
            "the pod to exit after its drain delay and the object to go (well before the 30s grace)");
        Assert.Empty(Pods.ProcessesOf(ns));
        await Eventually.True(async () => (await Pods.SlicesAsync(client, ns, "web")).All(s => s.Endpoints is null || s.Endpoints.Count == 0), Pods.Slow, "an empty slice");

        var truth = fixture.Server.GroundTruth(ns).Single();
        Assert.True(truth.DeletionRequested <= truth.LeftEndpoints, "left the endpoints after deletion was requested");
        Assert.True(truth.LeftEndpoints < truth.Deleted, "left the endpoints before the object was removed");
    }

    [Fact]
    public async Task Deleting_with_grace_period_zero_kills_at_once()
    {
        var ns = await fixture.Api.NamespaceAsync("kill");
        await client.CoreV1.CreateNamespacedPodAsync(Pods.App("web-0", drainDelay: "20s"), ns);
        await Pods.WaitAsync(client, ns, "web-0", p => p.Status.Phase == "Running", "Running");
        await client.CoreV1.DeleteNamespacedPodAsync("web-0", ns, new V1DeleteOptions { GracePeriodSeconds = 0 });
        await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => client.CoreV1.ReadNamespacedPodAsync("web-0", ns));
        await Eventually.True(() => Pods.ProcessesOf(ns).Count == 0, TimeSpan.FromSeconds(10), "the process to be killed");
    }

    [Fact]
    public async Task A_second_delete_with_a_shorter_grace_period_cuts_the_termination_short()
    {
        var ns = await fixture.Api.NamespaceAsync("regrace");
        await client.CoreV1.CreateNamespacedPodAsync(Pods.App("web-0", drainDelay: "50s", grace: 60), ns);
        await Pods.WaitAsync(client, ns, "web-0", Pods.IsReady, "Ready");
        await client.CoreV1.DeleteNamespacedPodAsync("web-0", ns);
        await Pods.WaitAsync(client, ns, "web-0", p => !Pods.IsReady(p), "draining (not ready)");
        Assert.Single(Pods.ProcessesOf(ns));

        await client.CoreV1.DeleteNamespacedPodAsync("web-0", ns, new V1DeleteOptions { GracePeriodSeconds = 1 });
        await Eventually.True(async () => (await client.CoreV1.ListNamespacedPodAsync(ns)).Items.Count == 0, TimeSpan.FromSeconds(20), "the pod to go after the shorter grace period");
        Assert.Empty(Pods.ProcessesOf(ns));
    }

    [Fact]
    public async Task Two_hundred_virtual_pods_are_ready_quickly_with_distinct_ips_and_go_at_once()
    {
        var ns = await fixture.Api.NamespaceAsync("virt");
        var timer = Pods.Timer();
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var pod = new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = $"nginx-{i}", Labels = new Dictionary<string, string> { ["app"] = "nginx" } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "nginx", Image = "nginx:1.27", Ports = [new V1ContainerPort { ContainerPort = 80 }] }] },
            };
            await client.CoreV1.CreateNamespacedPodAsync(pod, ns, cancellationToken: ct);
        });
        V1PodList list = null!;
        await Eventually.True(async () => (list = await client.CoreV1.ListNamespacedPodAsync(ns)).Items.Count(Pods.IsReady) == 200, TimeSpan.FromSeconds(30), "200 Ready pods");
        var elapsed = timer.Elapsed;
        Assert.Equal(200, list.Items.Select(p => p.Status.PodIP).Distinct().Count());
        Assert.All(list.Items, p => Assert.Equal(("Running", true), (p.Status.Phase, p.Status.ContainerStatuses[0].Ready)));
        Assert.Empty(Pods.ProcessesOf(ns));
        Assert.True(elapsed < TimeSpan.FromSeconds(30), $"took {elapsed}");

        await client.CoreV1.DeleteCollectionNamespacedPodAsync(ns);
        await Eventually.True(async () => (await client.CoreV1.ListNamespacedPodAsync(ns)).Items.Count == 0, TimeSpan.FromSeconds(30), "all pods gone");
    }

    [Fact]
    public async Task Containers_get_downward_api_values_and_service_links()
    {
        var ns = await fixture.Api.NamespaceAsync("env");
        var service = await client.CoreV1.CreateNamespacedServiceAsync(Pods.Service("backend-api"), ns);
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "envy", Labels = new Dictionary<string, string> { ["tier"] = "x" } },
            Spec = new V1PodSpec
            {
                RestartPolicy = "Never",
                Containers =
                [
                    new V1Container
                    {
                        Name = "main",
                        Image = "study-operator:dev",
                        Command = ["study-operator"],
                        Args = ["probe", "--service", "backend-api", "--requests", "1", "--timeout", "1s"],
                        Env =
                        [
                            new V1EnvVar { Name = "MY_NODE", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "spec.nodeName" } } },
                            new V1EnvVar { Name = "MY_TIER", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.labels['tier']" } } },
                        ],
                    },
                ],
            },
        };
        await client.CoreV1.CreateNamespacedPodAsync(pod, ns);
        await Pods.WaitAsync(client, ns, "envy", p => p.Status.Phase is "Succeeded" or "Failed", "to finish");
        var environ = fixture.Server.Node.Kubelet.EnvironmentOf(ns, "envy", "main");
        Assert.NotNull(environ);
        Assert.Equal("sandbox", environ["MY_NODE"]);
        Assert.Equal("x", environ["MY_TIER"]);
        Assert.Equal(service.Spec.ClusterIP, environ["BACKEND_API_SERVICE_HOST"]);
        Assert.Equal("80", environ["BACKEND_API_SERVICE_PORT"]);
        Assert.Equal("80", environ["BACKEND_API_SERVICE_PORT_WEB"]);
        Assert.Equal($"tcp://{service.Spec.ClusterIP}:80", environ["BACKEND_API_PORT"]);
        Assert.Equal($"tcp://{service.Spec.ClusterIP}:80", environ["BACKEND_API_PORT_80_TCP"]);
        Assert.Equal("tcp", environ["BACKEND_API_PORT_80_TCP_PROTO"]);
        Assert.Equal(service.Spec.ClusterIP, environ["BACKEND_API_PORT_80_TCP_ADDR"]);
        Assert.Equal("80", environ["BACKEND_API_PORT_80_TCP_PORT"]);
        _ = IPAddress.Parse(environ["POD_IP"]);

        // Instead of a service account token, a pod gets the sandbox's kubeconfig with its own namespace.
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(environ["KUBECONFIG"]);
        Assert.Equal(ns, config.Namespace);
        using var inPod = new Kubernetes(config);
        Assert.Contains((await inPod.CoreV1.ListNamespacedPodAsync(config.Namespace)).Items, p => p.Metadata.Name == "envy");
    }

    [Fact]
    public async Task Pods_that_opt_out_of_the_service_account_token_get_no_kubeconfig()
    {
        var ns = await fixture.Api.NamespaceAsync("notoken");
        var pod = Pods.App("web-0");
        pod.Spec.AutomountServiceAccountToken = false;
        await client.CoreV1.CreateNamespacedPodAsync(pod, ns);
        await Pods.WaitAsync(client, ns, "web-0", p => p.Status.Phase == "Running", "Running");
        var environ = fixture.Server.Node.Kubelet.EnvironmentOf(ns, "web-0", "app");
        Assert.NotNull(environ);
        Assert.False(environ.ContainsKey("KUBECONFIG"));
    }

    [Fact]
    public async Task Unready_pods_are_not_ready_endpoints_unless_the_service_publishes_not_ready_addresses()
    {
        var ns = await fixture.Api.NamespaceAsync("unready");
        var pod = Pods.App("web-0");
        pod.Spec.Containers[0].ReadinessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = 9999 }, PeriodSeconds = 1, FailureThreshold = 1 };
        await client.CoreV1.CreateNamespacedPodAsync(pod, ns);
        var strict = await client.CoreV1.CreateNamespacedServiceAsync(Pods.Service("strict"), ns);
        var published = Pods.Service("published");
        published.Spec.PublishNotReadyAddresses = true;
        published = await client.CoreV1.CreateNamespacedServiceAsync(published, ns);
        await Pods.WaitAsync(client, ns, "web-0", p => p.Status.ContainerStatuses?[0].Started == true && p.Status.Phase == "Running", "started");

        await Eventually.True(async () => (await Pods.SlicesAsync(client, ns, "strict")).SelectMany(s => s.Endpoints ?? []).Any(e => e.Conditions.Ready == false && e.Conditions.Serving == false), Pods.Slow, "a not-ready endpoint");
        await Eventually.True(async () => Pods.ReadyEndpoints(await Pods.SlicesAsync(client, ns, "published")).Count() == 1, Pods.Slow, "a published endpoint");
        Assert.Single((await client.CoreV1.ReadNamespacedEndpointsAsync("strict", ns)).Subsets[0].NotReadyAddresses);
        Assert.Single((await client.CoreV1.ReadNamespacedEndpointsAsync("published", ns)).Subsets[0].Addresses);
        Assert.False(Pods.IsReady(await client.CoreV1.ReadNamespacedPodAsync("web-0", ns)));

        // Only the publishing Service sends traffic to it.
        await Eventually.True(async () => await Pods.AskAsync(published.Spec.ClusterIP, 80) == "web-0", Pods.Slow, "an answer through the publishing Service");
        Assert.Null(await Pods.AskAsync(strict.Spec.ClusterIP, 80));
        var (code, body, _) = await fixture.Api.GetAsync($"/api/v1/namespaces/{ns}/services/strict:web/proxy/");
        Assert.Equal(503, code);
        Assert.Equal("no endpoints available for service \"strict\"", body["message"]!.GetValue<string>());

        // A deleted Service takes its slices, Endpoints and listener with it.
        await client.CoreV1.DeleteNamespacedServiceAsync("published", ns);
        await Eventually.True(async () => (await Pods.SlicesAsync(client, ns, "published")).Count == 0, Pods.Slow, "the slices to go");
        await Eventually.True(async () => (await client.CoreV1.ListNamespacedEndpointsAsync(ns)).Items.All(e => e.Metadata.Name != "published"), Pods.Slow, "the Endpoints to go");
        await Eventually.True(async () => await Pods.AskAsync(published.Spec.ClusterIP, 80) is null, Pods.Slow, "the listener to close");
    }

    [Fact]
    public async Task Following_a_log_streams_new_lines()
    {
        var ns = await fixture.Api.NamespaceAsync("follow");
        await client.CoreV1.CreateNamespacedPodAsync(Pods.App("web-0"), ns);
        await Pods.WaitAsync(client, ns, "web-0", Pods.IsReady, "Ready");
        using var cts = new CancellationTokenSource(Pods.Slow);
        using var stream = await client.CoreV1.ReadNamespacedPodLogAsync("web-0", ns, follow: true, tailLines: 0, cancellationToken: cts.Token);
        using var reader = new StreamReader(stream);
        await Pods.ProxyPostAsync(fixture.Api, ns, "web-0", "fault", new JsonObject { ["mode"] = "unready" });
        string? line;
        do
        {
            line = await reader.ReadLineAsync(cts.Token);
        }
        while (line is not null && !line.Contains("Fault", StringComparison.Ordinal));

        Assert.NotNull(line);
    }
}
