using System.Diagnostics;
using k8s;
using StudyOperator.Sandbox.Tests.Infrastructure;
using Xunit.Abstractions;

namespace StudyOperator.Sandbox.Tests.Kubelet;

/// <summary>
/// Numbers for docs/benchmarks.md: how long a process pod takes from create to Ready (commit times from the ground
/// truth), and how many new-connection requests per second a real Service proxies to three app pods.
/// </summary>
[Trait("Category", "Performance")]
public sealed class KubeletBenchmarkTests(KubeletFixture fixture, ITestOutputHelper output) : IClassFixture<KubeletFixture>
{
    private readonly IKubernetes client = fixture.Client;

    [Fact]
    public async Task A_process_pod_goes_from_create_to_Ready_within_seconds()
    {
        var ns = await fixture.Api.NamespaceAsync("bench-ready");
        var samples = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var pod = Pods.App($"web-{i}");
            pod.Spec.Containers[0].ReadinessProbe.PeriodSeconds = 1;
            await client.CoreV1.CreateNamespacedPodAsync(pod, ns);
            await Pods.WaitAsync(client, ns, $"web-{i}", Pods.IsReady, "Ready");
            var truth = fixture.Server.GroundTruth(ns).Single(r => r.Name == $"web-{i}");
            samples.Add(truth.Ready!.Value - truth.Created);
        }

        samples.Sort();
        output.WriteLine($"create→Ready of a study-operator app pod (readiness period 1s), 5 sequential pods: min {samples[0].TotalMilliseconds:F0} ms, median {samples[2].TotalMilliseconds:F0} ms, max {samples[^1].TotalMilliseconds:F0} ms");
        Assert.True(samples[2] < TimeSpan.FromSeconds(15), $"median {samples[2]}");
    }

    [Fact]
    public async Task A_service_proxies_new_connections_to_three_pods()
    {
        var ns = await fixture.Api.NamespaceAsync("bench-proxy");
        foreach (var name in new[] { "web-a", "web-b", "web-c" })
        {
            await client.CoreV1.CreateNamespacedPodAsync(Pods.App(name), ns);
        }

        var service = await client.CoreV1.CreateNamespacedServiceAsync(Pods.Service("web"), ns);
        await Eventually.True(async () => Pods.ReadyEndpoints(await Pods.SlicesAsync(client, ns, "web")).Count() == 3, Pods.Slow, "3 ready endpoints");
        var seen = new HashSet<string>();
        await Eventually.True(async () => await Pods.AskAsync(service.Spec.ClusterIP, 80) is { } pod && seen.Add(pod) && seen.Count == 3, Pods.Slow, "all pods reachable");

        const int clients = 16;
        var duration = TimeSpan.FromSeconds(5);
        var ok = 0L;
        var failed = 0L;
        var timer = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (timer.Elapsed < duration)
            {
                if (await Pods.AskAsync(service.Spec.ClusterIP, 80) is not null)
                {
                    Interlocked.Increment(ref ok);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })));
        var rate = ok / timer.Elapsed.TotalSeconds;
        output.WriteLine($"Service proxy, new connection per request (GET /, Connection: close), {clients} clients, {duration.TotalSeconds:F0} s, 3 study-operator app pods: {rate:F0} req/s, {ok} ok, {failed} failed");
        Assert.Equal(0, failed);
        Assert.True(rate > 50, $"{rate:F0} req/s");
    }
}
