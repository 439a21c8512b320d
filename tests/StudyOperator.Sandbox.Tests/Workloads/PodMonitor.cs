using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace StudyOperator.Sandbox.Tests.Workloads;

/// <summary>
/// Watches the pods of one namespace from a resourceVersion and, after every event (so at every committed state),
/// records how many pods exist (not being deleted) and how many are ready, for bound checks during a rollout.
/// </summary>
public sealed class PodMonitor : IAsyncDisposable
{
    private readonly HttpClient http;
    private readonly CancellationTokenSource stop = new();
    private readonly Dictionary<string, JsonObject> pods = new(StringComparer.Ordinal);
    private readonly Task loop;

    private PodMonitor(Uri server, string ns, JsonArray initial, string resourceVersion)
    {
        http = new HttpClient { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };
        foreach (var pod in initial.OfType<JsonObject>())
        {
            pods[pod["metadata"]!["uid"]!.GetValue<string>()] = pod;
        }

        Record();
        loop = Task.Run(() => RunAsync(ns, resourceVersion, stop.Token));
    }

    /// <summary>(existing, ready) after each observed event, in order.</summary>
    public ConcurrentQueue<(int Existing, int Ready)> States { get; } = new();

    public static async Task<PodMonitor> StartAsync(Uri server, string ns)
    {
        using var http = new HttpClient { BaseAddress = server };
        var list = JsonNode.Parse(await http.GetStringAsync($"/api/v1/namespaces/{ns}/pods"))!.AsObject();
        return new PodMonitor(server, ns, (JsonArray)list["items"]!, list["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    private async Task RunAsync(string ns, string rv, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync($"/api/v1/namespaces/{ns}/pods?watch=true&resourceVersion={rv}", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                var e = JsonNode.Parse(line)!.AsObject();
                var pod = (JsonObject)e["object"]!;
                var uid = pod["metadata"]!["uid"]!.GetValue<string>();
                if (e["type"]!.GetValue<string>() == "DELETED")
                {
                    pods.Remove(uid);
                }
                else
                {
                    pods[uid] = pod;
                }

                Record();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private void Record()
    {
        var existing = pods.Values.Where(p => p["metadata"]?["deletionTimestamp"] is null).ToList();
        var ready = existing.Count(p => (p["status"]?["conditions"] as JsonArray)?.Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True") == true);
        States.Enqueue((existing.Count, ready));
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        http.Dispose();
        stop.Dispose();
    }
}
