using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StudyOperator.App;
using StudyOperator.Tests.Support;

namespace StudyOperator.Tests.App;

public sealed class AppFaultTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static async Task<(HttpStatusCode Status, string Body)> PostFaultAsync(InProcessApp app, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await app.Client.PostAsync("/fault", content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<InProcessApp> StartReadyAsync()
    {
        var app = await InProcessApp.StartAsync(new AppOptions { PodName = "pod-f", DrainDelay = TimeSpan.Zero });
        await Eventually.True(async () => await app.StatusOfAsync("/readyz") == HttpStatusCode.OK, Deadline, "ready");
        return app;
    }

    [Fact]
    public async Task Unready_fails_readiness_while_the_app_keeps_answering_and_clearing_it_restores_readiness()
    {
        await using var app = await StartReadyAsync();

        var (status, body) = await PostFaultAsync(app, """{"mode":"unready"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("\"unready\":true", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await app.StatusOfAsync("/readyz"));
        Assert.Equal(HttpStatusCode.OK, await app.StatusOfAsync("/"));
        Assert.Equal(HttpStatusCode.OK, await app.StatusOfAsync("/healthz"));

        await PostFaultAsync(app, """{"mode":"unready","enabled":false}""");

        Assert.Equal(HttpStatusCode.OK, await app.StatusOfAsync("/readyz"));
    }

    [Fact]
    public async Task Failing_makes_root_answer_503_and_fails_readiness()
    {
        await using var app = await StartReadyAsync();

        await PostFaultAsync(app, """{"mode":"failing"}""");

        using var response = await app.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("pod-f", body.RootElement.GetProperty("pod").GetString());
        Assert.Equal("failing", body.RootElement.GetProperty("fault").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await app.StatusOfAsync("/readyz"));
        Assert.Equal(HttpStatusCode.OK, await app.StatusOfAsync("/healthz"));
    }

    [Fact]
    public async Task Slow_adds_the_requested_latency_to_root()
    {
        await using var app = await StartReadyAsync();

        var (status, _) = await PostFaultAsync(app, """{"mode":"slow","delayMs":300}""");
        var watch = Stopwatch.StartNew();
        using var response = await app.Client.GetAsync("/");
        watch.Stop();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Timers tick in whole milliseconds of a coarser clock than Stopwatch, so allow them to fire a little early.
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), $"took {watch.Elapsed.TotalMilliseconds} ms");
        Assert.Equal(300, (await app.Client.GetFromJsonAsync<FaultStatus>("/fault"))!.SlowMs);
    }

    [Fact]
    public async Task Slow_without_a_delay_uses_one_second()
    {
        await using var app = await StartReadyAsync();

        await PostFaultAsync(app, """{"mode":"slow"}""");

        Assert.Equal(FaultRequest.DefaultSlowMs, (await app.Client.GetFromJsonAsync<FaultStatus>("/fault"))!.SlowMs);
    }

    [Fact]
    public async Task Liveness_fails_healthz_only()
    {
        await using var app = await StartReadyAsync();

        await PostFaultAsync(app, """{"mode":"liveness"}""");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await app.StatusOfAsync("/healthz"));
        Assert.Equal(HttpStatusCode.OK, await app.StatusOfAsync("/readyz"));
        Assert.Equal(HttpStatusCode.OK, await app.StatusOfAsync("/"));
    }

    [Fact]
    public async Task Crash_answers_first_and_then_exits_with_the_crash_code()
    {
        await using var app = await StartReadyAsync();

        var (status, _) = await PostFaultAsync(app, """{"mode":"crash"}""");

        Assert.Equal(HttpStatusCode.Accepted, status);
        await Eventually.True(() => app.ExitRequests.Count == 1, Deadline, "the crash asks to exit the process");
        Assert.Equal(AppOptions.CrashExitCode, app.ExitRequests.Single());
    }

    [Fact]
    public async Task Reset_clears_every_fault()
    {
        await using var app = await StartReadyAsync();
        foreach (var mode in new[] { "unready", "failing", "slow", "liveness" })
            await PostFaultAsync(app, $$"""{"mode":"{{mode}}","delayMs":10}""");
        Assert.Equal(new FaultStatus(true, true, 10, true), await app.Client.GetFromJsonAsync<FaultStatus>("/fault"));

        var (status, _) = await PostFaultAsync(app, """{"mode":"reset"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(new FaultStatus(false, false, 0, false), await app.Client.GetFromJsonAsync<FaultStatus>("/fault"));
        Assert.Equal(HttpStatusCode.OK, await app.StatusOfAsync("/"));
        Assert.Equal(HttpStatusCode.OK, await app.StatusOfAsync("/readyz"));
        Assert.Equal(HttpStatusCode.OK, await app.StatusOfAsync("/healthz"));
    }

    [Fact]
    public async Task Every_switch_is_logged()
    {
        await using var app = await StartReadyAsync();

        await PostFaultAsync(app, """{"mode":"failing"}""");
        await PostFaultAsync(app, """{"mode":"failing","enabled":false}""");
        await PostFaultAsync(app, """{"mode":"reset"}""");

        var switches = app.Logs.Messages.Where(m => m.StartsWith("Fault ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, switches.Count);
        Assert.Contains("Fault Failing set to True", switches[0], StringComparison.Ordinal);
        Assert.Contains("Fault Failing set to False", switches[1], StringComparison.Ordinal);
        Assert.Contains("Fault Reset", switches[2], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"mode":"explode"}""", "unknown mode")]
    [InlineData("""{"mode":"1"}""", "unknown mode")]
    [InlineData("""{}""", "body must be JSON")]
    [InlineData("""{"mode":"slow","delayMs":0}""", "delayMs")]
    [InlineData("""{"mode":"slow","delayMs":600000}""", "delayMs")]
    public async Task A_bad_fault_request_is_refused_with_a_reason_and_changes_nothing(string json, string reason)
    {
        await using var app = await StartReadyAsync();

        var (status, body) = await PostFaultAsync(app, json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(reason, body, StringComparison.Ordinal);
        Assert.Equal(new FaultStatus(false, false, 0, false), await app.Client.GetFromJsonAsync<FaultStatus>("/fault"));
    }
}
