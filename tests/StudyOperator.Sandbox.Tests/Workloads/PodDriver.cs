using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace StudyOperator.Sandbox.Tests.Workloads;

/// <summary>
/// A test-side stand-in for the kubelet, so controller behaviour is tested deterministically: it lists and watches the
/// pods of one namespace over the API and moves each new pod to the state <see cref="Decide"/> picks, through the
/// <c>pods/status</c> subresource; pods being deleted are removed (grace period 0).
/// </summary>
public sealed class PodDriver : IAsyncDisposable
{
    private readonly HttpClient http;
    private readonly string ns;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<string, bool> handled = new(StringComparer.Ordinal);
    private readonly Task loop;
    private readonly TimeProvider time;
    private int counter;

    /// <param name="server">The sandbox's address.</param>
    /// <param name="ns">The namespace whose pods it drives.</param>
    /// <param name="decide">A new pod's fate; Ready when null.</param>
    /// <param name="time">The clock for the times it writes (the sandbox's, when that is a fake).</param>
    public PodDriver(Uri server, string ns, Func<JsonObject, PodFate>? decide = null, TimeProvider? time = null)
    {
        this.time = time ?? TimeProvider.System;
        http = new HttpClient { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };
        this.ns = ns;
        Decide = decide ?? (_ => PodFate.Ready);
        loop = Task.Run(() => RunAsync(stop.Token));
    }

    /// <summary>Picks a new pod's fate; may be changed while the driver runs (applies to pods not yet handled).</summary>
    public Func<JsonObject, PodFate> Decide { get; set; }

    /// <summary>Moves one pod to a state now, whatever was decided before.</summary>
    public Task SetAsync(string name, PodFate fate) => PatchStatusAsync(name, fate, stop.Token);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var list = JsonNode.Parse(await http.GetStringAsync($"/api/v1/namespaces/{ns}/pods", cancellationToken))!.AsObject();
                foreach (var pod in (list["items"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    await HandleAsync(pod, cancellationToken);
                }

                var rv = list["metadata"]?["resourceVersion"]?.GetValue<string>();
                using var response = await http.GetAsync($"/api/v1/namespaces/{ns}/pods?watch=true&resourceVersion={rv}", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
                while (await reader.ReadLineAsync(cancellationToken) is { } line)
                {
                    var e = JsonNode.Parse(line)!.AsObject();
                    if (e["type"]?.GetValue<string>() is "ADDED" or "MODIFIED" && e["object"] is JsonObject pod)
                    {
                        await HandleAsync(pod, cancellationToken);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException)
            {
                // The server went away or the stream broke: list and watch again.
            }
            catch (IOException)
            {
                // As above.
            }
        }
    }

    private async Task HandleAsync(JsonObject pod, CancellationToken cancellationToken)
    {
        var name = pod["metadata"]!["name"]!.GetValue<string>();
        if (pod["metadata"]?["deletionTimestamp"] is not null)
        {
            using var deleted = await http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/pods/{name}")
            {
                Content = new StringContent("""{"kind":"DeleteOptions","apiVersion":"v1","gracePeriodSeconds":0}""", Encoding.UTF8, "application/json"),
            }, cancellationToken);
            return;
        }

        var uid = pod["metadata"]!["uid"]!.GetValue<string>();
        if (pod["status"]?["phase"]?.GetValue<string>() != "Pending" || !handled.TryAdd(uid, true))
        {
            return;
        }

        await PatchStatusAsync(name, Decide(pod), cancellationToken);
    }

    private async Task PatchStatusAsync(string name, PodFate fate, CancellationToken cancellationToken)
    {
        if (fate == PodFate.Hold)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var ready = fate == PodFate.Ready;
        var phase = fate switch { PodFate.Succeed => "Succeeded", PodFate.Fail => "Failed", _ => "Running" };
        var state = fate switch
        {
            PodFate.Succeed => new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 0, ["reason"] = "Completed", ["startedAt"] = now, ["finishedAt"] = now } },
            PodFate.Fail => new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 1, ["reason"] = "Error", ["startedAt"] = now, ["finishedAt"] = now } },
            _ => new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } },
        };
        var n = Interlocked.Increment(ref counter);
        var status = new JsonObject
        {
            ["phase"] = phase,
            ["conditions"] = new JsonArray(
                Condition("PodScheduled", true, now),
                Condition("Initialized", true, now),
                Condition("ContainersReady", ready, now),
                Condition("Ready", ready, now)),
            ["podIP"] = $"127.9.{n / 250}.{(n % 250) + 1}",
            ["startTime"] = now,
            ["containerStatuses"] = new JsonArray(new JsonObject
            {
                ["name"] = "main",
                ["image"] = "test",
                ["ready"] = ready,
                ["started"] = fate is PodFate.Ready or PodFate.Running,
                ["restartCount"] = 0,
                ["state"] = state,
            }),
        };
        using var response = await http.PatchAsync($"/api/v1/namespaces/{ns}/pods/{name}/status",
            new StringContent(new JsonObject { ["status"] = status }.ToJsonString(), Encoding.UTF8, "application/merge-patch+json"), cancellationToken);
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotFound)
        {
            throw new InvalidOperationException($"pod status patch of {name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private static JsonObject Condition(string type, bool status, string now) => new()
    {
        ["type"] = type,
        ["status"] = status ? "True" : "False",
        ["lastProbeTime"] = null,
        ["lastTransitionTime"] = now,
    };

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        http.Dispose();
        stop.Dispose();
    }
}
