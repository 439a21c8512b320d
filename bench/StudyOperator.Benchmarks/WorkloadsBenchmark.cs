using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using StudyOperator.Sandbox;

namespace StudyOperator.Benchmarks;

/// <summary>
/// The sandbox's workload controllers and kubelet: N Deployments of R replicas of a non-local image (virtual pods:
/// scheduled, given an IP and made Ready by the kubelet with no process) created over HTTP, timed until a Deployment
/// watch has seen every Deployment with all replicas updated and available.
/// </summary>
internal static class WorkloadsBenchmark
{
    private const string Ns = "bench";

    public static async Task<bool> RunAsync(int deployments = 100, int replicas = 10)
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions());
        using var http = new HttpClient { BaseAddress = sandbox.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        await SendAsync(http, HttpMethod.Post, "/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = Ns } });

        using var stop = new CancellationTokenSource();
        var done = new TaskCompletionSource();
        var available = new HashSet<string>(StringComparer.Ordinal);
        var deploymentWatch = Task.Run(() => WatchAsync(http, $"/apis/apps/v1/namespaces/{Ns}/deployments", e =>
        {
            var d = e["object"]!;
            if (d["status"]?["availableReplicas"]?.GetValue<long>() == replicas && d["status"]?["updatedReplicas"]?.GetValue<long>() == replicas)
            {
                lock (available)
                {
                    available.Add(d["metadata"]!["name"]!.GetValue<string>());
                    if (available.Count == deployments)
                    {
                        done.TrySetResult();
                    }
                }
            }
        }, stop.Token));

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < deployments; i++)
        {
            var name = $"d{i:D3}";
            await SendAsync(http, HttpMethod.Post, $"/apis/apps/v1/namespaces/{Ns}/deployments", JsonNode.Parse($$$"""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"{{{name}}}"},
                 "spec":{"replicas":{{{replicas}}},"selector":{"matchLabels":{"app":"{{{name}}}"}},
                   "template":{"metadata":{"labels":{"app":"{{{name}}}"}},"spec":{"containers":[{"name":"main","image":"nginx"}]} } } }
                """)!);
        }

        var created = clock.Elapsed;
        var finished = await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromMinutes(5))) == done.Task;
        clock.Stop();
        await stop.CancelAsync();
        await deploymentWatch;
        Console.WriteLine(finished
            ? $"| {deployments * replicas:N0} pods from {deployments} Deployments created and Ready, every Deployment available | {clock.Elapsed.TotalSeconds:F2} s (creates sent in {created.TotalSeconds:F2} s) | ≤ 10 s |"
            : $"| {deployments * replicas:N0} pods from {deployments} Deployments | timed out: {available.Count}/{deployments} available after {clock.Elapsed.TotalSeconds:F0} s | ≤ 10 s |");
        return finished;
    }

    private static async Task SendAsync(HttpClient http, HttpMethod method, string path, JsonNode body, string type = "application/json")
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, type) };
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task WatchAsync(HttpClient http, string path, Action<JsonObject> onEvent, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(path + "?watch=true", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                onEvent(JsonNode.Parse(line)!.AsObject());
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Finished.
        }
    }
}
