using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using StudyOperator.App;
using StudyOperator.Probe;
using StudyOperator.Tests.Support;

namespace StudyOperator.Tests.Probe;

public sealed class ProbeRunnerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static async Task<InProcessApp> StartAppAsync(string pod = "pod-r")
    {
        var app = await InProcessApp.StartAsync(new AppOptions { PodName = pod, DrainDelay = TimeSpan.Zero });
        await Eventually.True(async () => await app.StatusOfAsync("/readyz") == HttpStatusCode.OK, Deadline, "ready");
        return app;
    }

    // The wait itself is not cancelled: a cancelled run must still come back with its result.
    private static Task<ProbeResult> RunAsync(ProbeOptions options, CancellationToken cancellationToken = default) =>
        new ProbeRunner(options, TimeProvider.System).RunAsync(cancellationToken).WaitAsync(Deadline, CancellationToken.None);

    private static IPEndPoint EndPointOf(Uri uri) => new(IPAddress.Parse(uri.Host), uri.Port);

    [Fact]
    public async Task By_default_every_request_uses_a_new_tcp_connection()
    {
        await using var app = await StartAppAsync();
        await using var proxy = new RoundRobinTcpProxy([EndPointOf(app.BaseUri)]);

        var result = await RunAsync(new ProbeOptions { Target = proxy.Uri, Requests = 30, Concurrency = 3 });

        Assert.Equal(30, result.Total);
        Assert.Equal(30, result.Ok);
        Assert.Equal(new Dictionary<string, int> { ["pod-r"] = 30 }, result.Pods);
        Assert.Equal(30, result.Connections);
        Assert.Equal(30, proxy.Accepted); // seen from the other side of the wire, too
        Assert.True(result.Complete);
        Assert.False(result.KeepAlive);
    }

    [Fact]
    public async Task Keep_alive_with_one_worker_uses_one_connection()
    {
        await using var app = await StartAppAsync();
        await using var proxy = new RoundRobinTcpProxy([EndPointOf(app.BaseUri)]);

        var result = await RunAsync(new ProbeOptions { Target = proxy.Uri, Requests = 25, KeepAlive = true });

        Assert.Equal(25, result.Ok);
        Assert.Equal(1, result.Connections);
        Assert.Equal(1, proxy.Accepted);
        Assert.True(result.KeepAlive);
    }

    [Fact]
    public async Task Answers_of_a_failing_app_count_as_5xx_and_form_one_error_window()
    {
        await using var app = await StartAppAsync();
        using (await app.Client.PostAsJsonAsync("/fault", new { mode = "failing" }))
        {
        }

        var result = await RunAsync(new ProbeOptions { Target = app.BaseUri, Requests = 10 });

        Assert.Equal(10, result.Total);
        Assert.Equal(0, result.Ok);
        Assert.Equal(new FailureCounts(0, 0, 10, 0), result.Failed);
        Assert.Empty(result.Pods);
        var window = Assert.Single(result.ErrorWindows);
        Assert.Equal(10, window.Failed);
    }

    [Fact]
    public async Task A_port_nobody_listens_on_counts_as_refused()
    {
        var closed = new Uri($"http://127.0.0.1:{FreePort.On(IPAddress.Loopback)}/");

        var result = await RunAsync(new ProbeOptions { Target = closed, Requests = 5 });

        Assert.Equal(new FailureCounts(5, 0, 0, 0), result.Failed);
        Assert.Equal(0, result.Connections);
        Assert.Equal(5, Assert.Single(result.ErrorWindows).Failed);
    }

    [Fact]
    public async Task Answers_slower_than_the_timeout_count_as_timeouts()
    {
        await using var app = await StartAppAsync();
        using (await app.Client.PostAsJsonAsync("/fault", new { mode = "slow", delayMs = 2000 }))
        {
        }

        var result = await RunAsync(new ProbeOptions { Target = app.BaseUri, Requests = 3, Concurrency = 3, Timeout = TimeSpan.FromMilliseconds(200) });

        Assert.Equal(new FailureCounts(0, 3, 0, 0), result.Failed);
        var window = Assert.Single(result.ErrorWindows);
        Assert.InRange(window.LengthMs, 150, 2000);
    }

    [Fact]
    public async Task Rate_mode_sends_rate_times_duration_requests_spread_over_the_duration()
    {
        await using var app = await StartAppAsync();

        var result = await RunAsync(new ProbeOptions { Target = app.BaseUri, Mode = ProbeMode.Rate, Duration = TimeSpan.FromSeconds(1), Rate = 20, Concurrency = 8 });

        Assert.Equal(20, result.Total);
        Assert.Equal(20, result.Ok);
        Assert.Equal("rate", result.Mode);
        Assert.InRange(result.DurationMs, 900, 10_000); // the 20th request is due at 950 ms
    }

    [Fact]
    public async Task A_cancelled_run_still_reports_what_it_measured_and_says_it_is_incomplete()
    {
        await using var app = await StartAppAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var result = await RunAsync(new ProbeOptions { Target = app.BaseUri, Mode = ProbeMode.Rate, Duration = TimeSpan.FromSeconds(20), Rate = 10, Concurrency = 4 }, cancel.Token);

        Assert.False(result.Complete);
        Assert.InRange(result.Total, 1, 20);
        Assert.Equal(result.Total, result.Ok);
    }

    [Fact]
    public async Task A_run_against_a_target_that_never_answers_stops_by_itself_at_the_run_time_cap()
    {
        // Accepts connections (the kernel backlog does) but never answers a request.
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
            var target = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/");
            var run = new ProbeRunner(new ProbeOptions { Target = target, Requests = ProbeLimits.MaxRequests, Timeout = ProbeLimits.MaxTimeout }, time).RunAsync(CancellationToken.None);

            time.Advance(ProbeLimits.MaxRunTime);
            var result = await run.WaitAsync(Deadline);

            Assert.False(result.Complete);
            Assert.Equal((int)ProbeLimits.MaxRunTime.TotalMilliseconds, result.DurationMs);
            Assert.InRange(result.Total, 0, 1);
        }
        finally
        {
            silent.Stop();
        }
    }
}
