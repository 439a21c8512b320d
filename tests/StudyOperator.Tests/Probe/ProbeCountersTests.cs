using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using StudyOperator.App;
using StudyOperator.Cli;
using StudyOperator.Probe;
using StudyOperator.Tests.Support;

namespace StudyOperator.Tests.Probe;

public sealed partial class ProbeCountersTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [GeneratedRegex(@"counters on (http://\S+)")]
    private static partial Regex CountersLine();

    private static async Task<InProcessApp> StartAppAsync()
    {
        var app = await InProcessApp.StartAsync(new AppOptions { PodName = "pod-c", DrainDelay = TimeSpan.Zero });
        await Eventually.True(async () => await app.StatusOfAsync("/readyz") == HttpStatusCode.OK, Deadline, "ready");
        return app;
    }

    [Fact]
    public async Task Counters_count_every_outcome_the_final_result_counts()
    {
        await using var app = await StartAppAsync();
        var counters = new ProbeCounters(TimeProvider.System);

        var ok = await new ProbeRunner(new ProbeOptions { Target = app.BaseUri, Requests = 12, Concurrency = 3 }, TimeProvider.System, counters).RunAsync(CancellationToken.None);
        using (await app.Client.PostAsJsonAsync("/fault", new { mode = "failing" }))
        {
        }

        var failing = await new ProbeRunner(new ProbeOptions { Target = app.BaseUri, Requests = 5 }, TimeProvider.System, counters).RunAsync(CancellationToken.None);

        var read = counters.Read();
        Assert.Equal(ok.Total + failing.Total, read.Requests);
        Assert.Equal(failing.Failed.Total, read.Failed);
        Assert.Equal((17L, 5L), (read.Requests, read.Failed));
    }

    [Fact]
    public async Task The_counters_endpoint_answers_json_and_stop_calls_back()
    {
        var counters = new ProbeCounters(TimeProvider.System);
        counters.Record(requestFailed: false);
        counters.Record(requestFailed: true);
        var stopped = 0;
        await using var server = await ProbeCountersServer.StartAsync(IPAddress.Loopback, 0, counters, () => Interlocked.Increment(ref stopped), CancellationToken.None);
        using var client = new HttpClient { BaseAddress = server.Address };

        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var snapshot = await client.GetFromJsonAsync<Dictionary<string, long>>("/counters");
        Assert.Equal(2, snapshot!["requests"]);
        Assert.Equal(1, snapshot["failed"]);
        Assert.InRange(snapshot["atMs"], before - 1000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        using var stop = await client.PostAsync(new Uri("/stop", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        Assert.Equal(1, stopped);
    }

    [Fact]
    public async Task The_probe_in_traffic_mode_serves_live_counters_and_stop_ends_it_with_its_result()
    {
        await using var app = await StartAppAsync();
        var path = Path.Combine(Path.GetTempPath(), $"termination-{Guid.NewGuid():N}.log");
        var errorText = new StringWriter(CultureInfo.InvariantCulture);
        var error = TextWriter.Synchronized(errorText);
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        var environment = new Dictionary<string, string> { ["SANDBOX_TERMINATION_MESSAGE_PATH"] = path, ["POD_IP"] = "127.0.0.1" };
        try
        {
            var run = StudyOperatorCommand.InvokeAsync(
                ["probe", "--url", app.BaseUri.ToString(), "--duration", "5m", "--rate", "50", "--counters-port", "0"],
                name => environment.GetValueOrDefault(name),
                output,
                error);

            var address = await Eventually.Object(
                () =>
                {
                    lock (error)
                    {
                        var match = CountersLine().Match(errorText.ToString());
                        return Task.FromResult(match.Success ? new Uri(match.Groups[1].Value) : null);
                    }
                },
                Deadline,
                "the probe says where its counters are");
            Assert.Equal("127.0.0.1", address.Host); // bound to POD_IP
            using var client = new HttpClient { BaseAddress = address };

            var healthy = await Eventually.Object(
                async () => await client.GetFromJsonAsync<Dictionary<string, long>>("/counters") is { } c && c["requests"] >= 10 ? c : null,
                Deadline,
                "requests are counted while the probe runs");
            Assert.Equal(0, healthy["failed"]);

            using (await app.Client.PostAsJsonAsync("/fault", new { mode = "failing" }))
            {
            }

            var failing = await Eventually.Object(
                async () => await client.GetFromJsonAsync<Dictionary<string, long>>("/counters") is { } c && c["failed"] >= 5 ? c : null,
                Deadline,
                "failures are counted while the probe runs");

            using (var stop = await client.PostAsync(new Uri("/stop", UriKind.Relative), null))
            {
                Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
            }

            Assert.Equal(0, await run.WaitAsync(Deadline));
            var result = ProbeResultJson.Parse(await File.ReadAllTextAsync(path));
            Assert.False(result.Complete);
            Assert.Equal("rate", result.Mode);
            Assert.True(result.Total >= failing["requests"], $"total {result.Total} < counted {failing["requests"]}");
            Assert.True(result.Failed.Total >= failing["failed"], $"failed {result.Failed.Total} < counted {failing["failed"]}");
            Assert.True(result.Ok >= healthy["requests"], $"ok {result.Ok} < counted before the fault {healthy["requests"]}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Counters_need_rate_mode()
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var exitCode = await StudyOperatorCommand.InvokeAsync(["probe", "--url", "http://127.0.0.1:9/", "--requests", "5", "--counters-port", "8081"], _ => null, output, error);

        Assert.Equal(1, exitCode);
        Assert.Contains("--counters-port goes with rate mode", error.ToString(), StringComparison.Ordinal);
    }
}
