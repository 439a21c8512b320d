using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using StudyOperator.Cli;
using StudyOperator.Probe;
using StudyOperator.Tests.Support;

namespace StudyOperator.Tests.Probe;

/// <summary>
/// Three real app processes on three loopback addresses and one port, behind a round-robin L4 proxy (a stand-in for
/// kube-proxy and a Service), probed through the real `probe` command line.
/// </summary>
public sealed class ProbeThroughServiceTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly string[] Addresses = ["127.0.10.1", "127.0.10.2", "127.0.10.3"];

    private readonly List<IAsyncDisposable> owned = []; // the app processes and the proxy, disposed in reverse
    private readonly List<Uri> podUris = [];
    private Uri? serviceUri;

    public async Task InitializeAsync()
    {
        // The first app picks a free port; the other two share it on their own addresses, like pods do.
        var port = 0;
        for (var i = 0; i < Addresses.Length; i++)
        {
            var (process, uri) = await StudyOperatorProcess.StartAppAsync(Addresses[i], port, $"pod-{i + 1}", ["--drain-delay", "0s"]);
            owned.Add(process);
            podUris.Add(uri);
            port = uri.Port;
        }

        foreach (var uri in podUris)
        {
            using var client = new HttpClient { BaseAddress = uri };
            await Eventually.True(async () => (await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, Deadline, $"{uri} ready");
        }

        var proxy = new RoundRobinTcpProxy([.. podUris.Select(u => new IPEndPoint(IPAddress.Parse(u.Host), u.Port))]);
        owned.Add(proxy);
        serviceUri = proxy.Uri;
    }

    public async Task DisposeAsync()
    {
        for (var i = owned.Count - 1; i >= 0; i--)
            await owned[i].DisposeAsync();
    }

    private async Task<ProbeResult> ProbeAsync(params string[] extra)
    {
        var resultFile = Path.Combine(Path.GetTempPath(), $"probe-{Guid.NewGuid():N}.json");
        try
        {
            using var output = new StringWriter(CultureInfo.InvariantCulture);
            using var error = new StringWriter(CultureInfo.InvariantCulture);
            var exitCode = await StudyOperatorCommand.InvokeAsync(
                ["probe", "--url", serviceUri!.ToString(), "--result-file", resultFile, .. extra],
                _ => null,
                output,
                error).WaitAsync(Deadline);

            Assert.True(exitCode == 0, $"exit {exitCode}: {error}");
            var stdout = output.ToString().Trim();
            Assert.Equal(stdout, await File.ReadAllTextAsync(resultFile));
            return ProbeResultJson.Parse(stdout);
        }
        finally
        {
            File.Delete(resultFile);
        }
    }

    [Fact]
    public async Task A_new_connection_per_request_spreads_the_requests_over_every_pod()
    {
        var result = await ProbeAsync("--requests", "90", "--concurrency", "3");

        Assert.Equal(90, result.Total);
        Assert.Equal(90, result.Ok);
        Assert.Equal(result.Total, result.Pods.Values.Sum());
        Assert.Equal(["pod-1", "pod-2", "pod-3"], result.Pods.Keys.Order());
        Assert.All(result.Pods.Values, answers => Assert.Equal(30, answers)); // the proxy takes turns per connection
        Assert.Equal(90, result.Connections);
    }

    [Fact]
    public async Task Failures_of_one_failing_pod_are_counted_and_show_up_as_error_windows()
    {
        using (var client = new HttpClient { BaseAddress = podUris[1] })
        using (var fault = await client.PostAsJsonAsync("/fault", new { mode = "failing" }))
            Assert.Equal(HttpStatusCode.OK, fault.StatusCode);

        var result = await ProbeAsync("--requests", "30");

        Assert.Equal(30, result.Total);
        Assert.Equal(20, result.Ok);
        Assert.Equal(new FailureCounts(0, 0, 10, 0), result.Failed);
        Assert.Equal(["pod-1", "pod-3"], result.Pods.Keys.Order());
        // One request at a time in turn: every third fails alone, so each failure is a window of its own.
        Assert.Equal(10, result.ErrorWindows.Count);
        Assert.All(result.ErrorWindows, w => Assert.Equal(1, w.Failed));
        Assert.Equal(result.ErrorWindows.Select(w => w.OffsetMs).Order(), result.ErrorWindows.Select(w => w.OffsetMs));
    }

    [Fact]
    public async Task With_keep_alive_and_one_connection_one_pod_gets_everything()
    {
        var result = await ProbeAsync("--requests", "40", "--keep-alive");

        Assert.Equal(40, result.Ok);
        var (_, answers) = Assert.Single(result.Pods);
        Assert.Equal(40, answers);
        Assert.Equal(1, result.Connections);
    }

    [Fact]
    public async Task Rate_mode_through_the_service_also_reaches_every_pod()
    {
        var result = await ProbeAsync("--duration", "1s", "--rate", "30");

        Assert.Equal(30, result.Total);
        Assert.Equal(30, result.Ok);
        Assert.Equal(3, result.Pods.Count);
        Assert.All(result.Pods.Values, answers => Assert.Equal(10, answers));
    }
}
