using System.Globalization;
using System.Text.Json.Nodes;

namespace StudyOperator.Benchmarks;

/// <summary>
/// Counts, per lab, the operator's successful writes that happened before the write that made the lab Ready. The
/// sandbox stamps every write with one global resourceVersion (as etcd does), so watching the lab's kinds and
/// comparing resourceVersions orders writes across kinds exactly. What counts as the operator's write: a StudyLab
/// MODIFIED (a status write; the benchmark never changes a lab after creating it), a Deployment or Service ADDED or
/// a Deployment whose generation changed (the sandbox's controllers only write Deployment status), an Event ADDED or
/// MODIFIED about the lab, and a Job ADDED. Failed writes (e.g. 409) are not in a watch; the request counters show them.
/// </summary>
internal sealed class WriteLedger : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> watches = [];
    private readonly Lock gate = new();
    private readonly Dictionary<string, List<(long Rv, string What)>> writes = [];
    private readonly Dictionary<string, long> readyAt = [];
    private readonly Dictionary<string, long> deploymentGenerations = [];

    public static WriteLedger Start(HttpClient http, string ns, string fromResourceVersion)
    {
        var ledger = new WriteLedger();
        foreach (var path in new[] { $"/apis/labs.study.dev/v1alpha1/namespaces/{ns}/studylabs", $"/apis/apps/v1/namespaces/{ns}/deployments", $"/api/v1/namespaces/{ns}/services", $"/api/v1/namespaces/{ns}/events", $"/apis/batch/v1/namespaces/{ns}/jobs" })
        {
            ledger.watches.Add(ledger.WatchAsync(http, $"{path}?watch=true&resourceVersion={fromResourceVersion}"));
        }

        return ledger;
    }

    /// <summary>Per lab that became Ready: the writes up to and including the one that made it Ready, by kind.</summary>
    public IReadOnlyList<IReadOnlyList<string>> ToReady()
    {
        lock (gate)
        {
            return [.. readyAt.Select(r => (IReadOnlyList<string>)[.. writes.GetValueOrDefault(r.Key, []).Where(w => w.Rv <= r.Value).Select(w => w.What)])];
        }
    }

    private async Task WatchAsync(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, stop.Token);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                var ev = JsonNode.Parse(line)!;
                Record((string)ev["type"]!, ev["object"]!);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private void Record(string type, JsonNode obj)
    {
        var kind = (string?)obj["kind"];
        var metadata = obj["metadata"]!;
        var rv = long.Parse((string)metadata["resourceVersion"]!, CultureInfo.InvariantCulture);
        var name = (string?)metadata["name"] ?? "";
        lock (gate)
        {
            switch (kind, type)
            {
                case ("StudyLab", "MODIFIED"):
                    Add(name, rv, "status");
                    if (!readyAt.ContainsKey(name) && obj["status"]?["conditions"]?.AsArray().Any(c => (string?)c!["type"] == "Ready" && (string?)c["status"] == "True") == true)
                    {
                        readyAt[name] = rv;
                    }

                    break;
                case ("Deployment", "ADDED" or "MODIFIED"):
                    var generation = (long?)metadata["generation"] ?? 0;
                    if (type == "ADDED" || generation != deploymentGenerations.GetValueOrDefault(name))
                    {
                        Add(Owner(metadata), rv, type == "ADDED" ? "deployment create" : "deployment update");
                    }

                    deploymentGenerations[name] = generation;
                    break;
                case ("Service", "ADDED" or "MODIFIED"):
                    Add(Owner(metadata), rv, type == "ADDED" ? "service create" : "service update");
                    break;
                case ("Event", "ADDED" or "MODIFIED") when IsAboutALab(obj):
                    var reason = (string?)obj["reason"];
                    Add((string)obj["involvedObject"]!["name"]!, rv, $"event {reason}");
                    break;
                case ("Job", "ADDED"):
                    Add(Owner(metadata), rv, "job create");
                    break;
            }
        }
    }

    private void Add(string lab, long rv, string what)
    {
        if (!writes.TryGetValue(lab, out var list))
        {
            writes[lab] = list = [];
        }

        list.Add((rv, what));
    }

    private static bool IsAboutALab(JsonNode ev) => (string?)ev["involvedObject"]?["kind"] == "StudyLab";

    private static string Owner(JsonNode metadata) =>
        (string?)metadata["ownerReferences"]?.AsArray().FirstOrDefault(o => (bool?)o!["controller"] == true)?["name"] ?? "";

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(watches);
        stop.Dispose();
    }
}
