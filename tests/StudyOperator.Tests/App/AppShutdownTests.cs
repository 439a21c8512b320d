using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StudyOperator.App;
using StudyOperator.Tests.Support;
using Xunit.Abstractions;

namespace StudyOperator.Tests.App;

public sealed class AppShutdownTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Stopping_turns_readiness_off_at_once_and_keeps_serving_until_the_drain_delay_is_over()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await InProcessApp.StartAsync(new AppOptions { DrainDelay = TimeSpan.FromSeconds(20) }, time);
        await Eventually.True(async () => await app.StatusOfAsync("/readyz") == HttpStatusCode.OK, Deadline, "ready");

        var stopping = app.StopAsync();

        using var readyz = await app.Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyz.StatusCode);
        Assert.Equal("draining\n", await readyz.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, await app.StatusOfAsync("/"));
        Assert.Equal(HttpStatusCode.OK, await app.StatusOfAsync("/healthz"));
        Assert.False(stopping.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(20));

        await stopping.WaitAsync(Deadline);
    }

    [Fact]
    public async Task Requests_in_flight_when_the_drain_delay_ends_are_finished_before_the_app_stops()
    {
        await using var app = await InProcessApp.StartAsync();
        var state = app.Host.Services.GetRequiredService<AppState>();
        using (await app.Client.PostAsJsonAsync("/fault", new { mode = "slow", delayMs = 700 }))
        {
        }

        var inFlight = app.Client.GetAsync("/");
        await Eventually.True(() => state.InFlight == 1, Deadline, "the slow request is in the app");
        var stopping = app.StopAsync();

        using var response = await inFlight;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await stopping.WaitAsync(Deadline);
        Assert.Contains(app.Logs.Messages, m => m.Contains("1 requests in flight", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sigterm_fails_readiness_at_once_serves_through_the_drain_delay_finishes_in_flight_requests_and_exits_zero()
    {
        var drain = TimeSpan.FromSeconds(3);
        var (process, baseUri) = await StudyOperatorProcess.StartAppAsync("127.0.0.1", 0, "drain-pod", ["--drain-delay", "3s"]);
        await using var _ = process;
        using var client = new HttpClient { BaseAddress = baseUri, Timeout = Deadline };
        await Eventually.True(async () => (await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, Deadline, "ready");
        using (var slow = await client.PostAsJsonAsync("/fault", new { mode = "slow", delayMs = 1000 }))
            Assert.Equal(HttpStatusCode.OK, slow.StatusCode);
        // Sent on the client's open keep-alive connection, so it is in the app well before `kill` has even started.
        var inFlight = client.GetAsync("/");

        var sent = Stopwatch.StartNew();
        process.Signal("TERM");

        // `kill` only queues the signal; the runtime's signal thread delivers it a moment later.
        await Eventually.True(async () => (await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(1), "readiness fails at once");
        output.WriteLine($"readyz failed {sent.ElapsedMilliseconds} ms after SIGTERM");

        using (var healthz = await client.GetAsync("/healthz"))
            Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        using (var newRequest = await client.GetAsync("/"))
            Assert.Equal(HttpStatusCode.OK, newRequest.StatusCode); // new requests are still served while draining
        Assert.True(sent.Elapsed < drain, "the checks above ran inside the drain delay");

        using (var finished = await inFlight)
            Assert.Equal(HttpStatusCode.OK, finished.StatusCode);

        var exitCode = await process.WaitForExitAsync(Deadline);
        output.WriteLine($"exited {sent.ElapsedMilliseconds} ms after SIGTERM with {exitCode}");
        Assert.Equal(0, exitCode);
        Assert.True(sent.Elapsed >= drain - TimeSpan.FromMilliseconds(100), $"exited after {sent.ElapsedMilliseconds} ms, before the drain delay");
        Assert.Contains(process.Output, line => line.Contains("Signal SIGTERM received", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Crash_fault_ends_the_real_process_with_a_nonzero_exit_code()
    {
        var (process, baseUri) = await StudyOperatorProcess.StartAppAsync("127.0.0.1", 0, "crash-pod");
        await using var _ = process;
        using var client = new HttpClient { BaseAddress = baseUri, Timeout = Deadline };

        try
        {
            using var crash = await client.PostAsJsonAsync("/fault", new { mode = "crash" });
            Assert.Equal(HttpStatusCode.Accepted, crash.StatusCode);
        }
        catch (HttpRequestException)
        {
            // The answer is best effort: the process may be gone before the kernel delivered it (seen under load).
        }

        Assert.Equal(AppOptions.CrashExitCode, await process.WaitForExitAsync(Deadline));
    }

    [Fact]
    public async Task The_app_process_is_ready_well_under_a_second_after_start()
    {
        // Measured from Process.Start to the first 200 from /readyz, i.e. what a readiness probe could see at best.
        var timings = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            var port = FreePort.On(System.Net.IPAddress.Loopback);
            await using var process = StudyOperatorProcess.Start(["app", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], new Dictionary<string, string> { ["POD_IP"] = "127.0.0.1" });
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(2) };
            await Eventually.True(async () => (await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, Deadline, "ready");
            timings.Add(watch.ElapsedMilliseconds);
        }

        output.WriteLine($"start-to-ready ms: {string.Join(", ", timings)}");
        // The bound is loose because the build machine is shared; the measured numbers are in docs/app-and-probe.md.
        Assert.All(timings, ms => Assert.InRange(ms, 1, 5000));
    }
}
