using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using StudyOperator.Sandbox;

namespace StudyOperator.Benchmarks;

/// <summary>
/// The sandbox kubelet and Services: how long a <c>study-operator app</c> pod takes from create to Ready (commit times
/// from the sandbox's ground truth), and how many new-connection requests per second a real Service proxies to three
/// such pods.
/// </summary>
internal static class KubeletBenchmark
{
    private const int Clients = 32;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    public static async Task RunAsync()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions());
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = sandbox.BaseAddress.ToString().TrimEnd('/') });
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "bench" } });

        var samples = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            await client.CoreV1.CreateNamespacedPodAsync(App($"ready-{i}", "ready"), "bench");
            await WaitReadyAsync(client, $"ready-{i}");
            var truth = sandbox.GroundTruth("bench").Single(r => r.Name == $"ready-{i}");
            samples.Add((truth.Ready!.Value - truth.Created).TotalMilliseconds);
            await client.CoreV1.DeleteNamespacedPodAsync($"ready-{i}", "bench", new V1DeleteOptions { GracePeriodSeconds = 0 });
        }

        samples.Sort();
        Row("app pod create → Ready (10 sequential pods, readiness period 1 s)", $"median {samples[samples.Count / 2]:N0} ms (min {samples[0]:N0}, max {samples[^1]:N0})", "≤ 5 s");

        foreach (var name in new[] { "web-a", "web-b", "web-c" })
        {
            await client.CoreV1.CreateNamespacedPodAsync(App(name, "web"), "bench");
        }

        var service = await client.CoreV1.CreateNamespacedServiceAsync(
            new V1Service
            {
                Metadata = new V1ObjectMeta { Name = "web" },
                Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "web" }, Ports = [new V1ServicePort { Port = 8080, TargetPort = 8080 }] },
            },
            "bench");
        foreach (var name in new[] { "web-a", "web-b", "web-c" })
        {
            await WaitReadyAsync(client, name);
        }

        var url = $"http://{service.Spec.ClusterIP}:8080/";
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { DefaultRequestHeaders = { ConnectionClose = true } };
        var seen = new HashSet<string>();
        var deadline = Stopwatch.StartNew();
        while (seen.Count < 3 && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            try
            {
                if (JsonNode.Parse(await http.GetStringAsync(url))?["pod"]?.GetValue<string>() is { } pod)
                {
                    seen.Add(pod);
                }
            }
            catch (HttpRequestException)
            {
                // The EndpointSlice may not list the pods yet: the proxy resets the connection.
            }
        }

        var ok = 0L;
        var failed = 0L;
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
        {
            while (stop.Elapsed < Window)
            {
                try
                {
                    using var response = await http.GetAsync(url);
                    Interlocked.Increment(ref response.IsSuccessStatusCode ? ref ok : ref failed);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }));
        Row($"Service → 3 app pods, new connection per request ({Clients} clients, {Window.TotalSeconds:N0} s)", $"{ok / stop.Elapsed.TotalSeconds:N0} req/s, {failed} failed", "≥ 1,000/s, 0 failed");
    }

    private static V1Pod App(string name, string app) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new V1PodSpec
        {
            Containers =
            [
                new V1Container
                {
                    Name = "app",
                    Image = "study-operator:dev",
                    Args = ["app", "--port=8080"],
                    ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/readyz", Port = 8080 }, PeriodSeconds = 1 },
                },
            ],
        },
    };

    private static async Task WaitReadyAsync(Kubernetes client, string name)
    {
        // A watch, not polling: the first event whose pod has Ready=True ends the wait.
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var list = await client.CoreV1.ListNamespacedPodAsync("bench", fieldSelector: $"metadata.name={name}", cancellationToken: cancel.Token);
        if (list.Items.Any(IsReady))
        {
            return;
        }

        await foreach (var (_, pod) in client.CoreV1.WatchListNamespacedPodAsync("bench", fieldSelector: $"metadata.name={name}", resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cancel.Token))
        {
            if (IsReady(pod))
            {
                return;
            }
        }
    }

    private static bool IsReady(V1Pod pod) => pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private static void Row(string name, string result, string target) =>
        Console.WriteLine($"| {name} | {result} | {target} | |");
}
