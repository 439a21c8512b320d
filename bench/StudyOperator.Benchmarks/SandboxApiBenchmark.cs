using System.Diagnostics;
using System.Net;
using System.Text;
using StudyOperator.Sandbox;

namespace StudyOperator.Benchmarks;

/// <summary>
/// The sandbox API server under load from raw HTTP clients (so client overhead stays small):
/// concurrent GETs, concurrent creates, and one change fanned out to 100 watchers.
/// </summary>
internal static class SandboxApiBenchmark
{
    private const int Clients = 32;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    public static async Task RunAsync()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions());
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients * 2 }) { BaseAddress = sandbox.BaseAddress };
        await CreateNamespaceAsync(http, "bench");
        for (var i = 0; i < 100; i++)
        {
            await CreateConfigMapAsync(http, "bench", $"seed-{i}");
        }

        var gets = await ForAsync(async (worker, n) =>
        {
            using var response = await http.GetAsync($"/api/v1/namespaces/bench/configmaps/seed-{(worker + n) % 100}");
            return response.StatusCode == HttpStatusCode.OK;
        });
        Row("concurrent GETs (32 clients, 5 s)", $"{gets:N0}/s", "≥ 3,000/s");

        var creates = await ForAsync((worker, n) => CreateConfigMapAsync(http, "bench", $"c-{worker}-{n}"));
        Row("concurrent creates (32 clients, 5 s)", $"{creates:N0}/s", "≥ 800/s");

        var (events, elapsed) = await FanOutAsync(http, watchers: 100, changes: 500);
        Row("watch fan-out: 500 creates to 100 watchers", $"{events:N0} of {100 * 500:N0} events delivered in {elapsed.TotalMilliseconds:N0} ms", "no loss");
    }

    private static void Row(string name, string result, string target) =>
        Console.WriteLine($"| {name} | {result} | {target} | |");

    private static async Task<double> ForAsync(Func<int, int, Task<bool>> operation)
    {
        var stop = Stopwatch.StartNew();
        var counts = new long[Clients];
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async worker =>
        {
            for (var n = 0; stop.Elapsed < Window; n++)
            {
                if (!await operation(worker, n))
                {
                    throw new InvalidOperationException("a request failed");
                }

                counts[worker]++;
            }
        }));
        return counts.Sum() / stop.Elapsed.TotalSeconds;
    }

    private static async Task<(long Events, TimeSpan Elapsed)> FanOutAsync(HttpClient http, int watchers, int changes)
    {
        await CreateNamespaceAsync(http, "fanout");
        var list = await http.GetStringAsync("/api/v1/namespaces/fanout/configmaps");
        var rv = System.Text.Json.Nodes.JsonNode.Parse(list)!["metadata"]!["resourceVersion"]!.GetValue<string>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        long delivered = 0;
        var ready = new CountdownEvent(watchers);
        var readers = Enumerable.Range(0, watchers).Select(async _ =>
        {
            using var watchClient = new HttpClient { BaseAddress = http.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
            using var response = await watchClient.GetAsync($"/api/v1/namespaces/fanout/configmaps?watch=true&resourceVersion={rv}", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
            ready.Signal();
            var seen = 0;
            while (seen < changes && await reader.ReadLineAsync(cancel.Token) is { } line)
            {
                if (line.Contains("\"ADDED\"", StringComparison.Ordinal))
                {
                    seen++;
                    Interlocked.Increment(ref delivered);
                }
            }
        }).ToList();
        ready.Wait(cancel.Token);
        var stop = Stopwatch.StartNew();
        for (var i = 0; i < changes; i++)
        {
            await CreateConfigMapAsync(http, "fanout", $"f-{i}");
        }

        await Task.WhenAll(readers);
        return (delivered, stop.Elapsed);
    }

    private static async Task CreateNamespaceAsync(HttpClient http, string name)
    {
        using var body = new StringContent($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{name}}}"}}""", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("/api/v1/namespaces", body);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<bool> CreateConfigMapAsync(HttpClient http, string ns, string name)
    {
        using var body = new StringContent($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"k":"v"}}""", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync($"/api/v1/namespaces/{ns}/configmaps", body);
        return response.StatusCode == HttpStatusCode.Created;
    }
}
