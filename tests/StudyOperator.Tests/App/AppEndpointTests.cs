using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using StudyOperator.App;
using StudyOperator.Tests.Support;

namespace StudyOperator.Tests.App;

public sealed class AppEndpointTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Root_answers_with_pod_version_namespace_start_time_and_served_count()
    {
        await using var app = await InProcessApp.StartAsync(new AppOptions { PodName = "demo-7f9c-abcde", Namespace = "workshop", Version = "v2", DrainDelay = TimeSpan.Zero });

        using var first = await app.Client.GetAsync("/");
        using var second = await app.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/json", first.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal("demo-7f9c-abcde", root.GetProperty("pod").GetString());
        Assert.Equal("v2", root.GetProperty("version").GetString());
        Assert.Equal("workshop", root.GetProperty("namespace").GetString());
        Assert.Equal(2, root.GetProperty("served").GetInt64());
        Assert.InRange(root.GetProperty("startedAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
        Assert.False(root.TryGetProperty("fault", out _));
    }

    [Fact]
    public async Task Healthz_and_readyz_answer_ok_once_started()
    {
        await using var app = await InProcessApp.StartAsync();

        await Eventually.True(async () => await app.StatusOfAsync("/readyz") == HttpStatusCode.OK, Deadline, "ready after start");
        Assert.Equal(HttpStatusCode.OK, await app.StatusOfAsync("/healthz"));
        Assert.Equal("ok\n", await app.Client.GetStringAsync("/readyz"));
    }

    [Fact]
    public async Task Readiness_turns_true_only_after_the_startup_work_is_done()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await InProcessApp.StartAsync(new AppOptions { StartupDelay = TimeSpan.FromSeconds(3), DrainDelay = TimeSpan.Zero }, time);

        using var starting = await app.Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, starting.StatusCode);
        Assert.Equal("starting\n", await starting.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, await app.StatusOfAsync("/healthz")); // alive while starting: no restart
        Assert.Equal(HttpStatusCode.OK, await app.StatusOfAsync("/"));

        time.Advance(TimeSpan.FromSeconds(3));

        await Eventually.True(async () => await app.StatusOfAsync("/readyz") == HttpStatusCode.OK, Deadline, "ready once start-up work is done");
    }

    [Fact]
    public void Options_come_from_the_downward_api_environment()
    {
        var env = new Dictionary<string, string>
        {
            ["POD_NAME"] = "web-1",
            ["POD_NAMESPACE"] = "labs",
            ["POD_IP"] = "127.1.0.7",
            ["APP_VERSION"] = "v3",
        };

        var options = AppOptions.FromEnvironment(name => env.GetValueOrDefault(name));

        Assert.Equal("web-1", options.PodName);
        Assert.Equal("labs", options.Namespace);
        Assert.Equal(IPAddress.Parse("127.1.0.7"), options.ListenAddress);
        Assert.Equal("v3", options.Version);
        Assert.Equal(AppOptions.DefaultPort, options.Port);
    }

    [Fact]
    public void Without_downward_api_variables_the_app_listens_everywhere_as_the_host_name()
    {
        var options = AppOptions.FromEnvironment(_ => null);

        Assert.Null(options.ListenAddress);
        Assert.Equal(Environment.MachineName, options.PodName);
        Assert.Null(options.Namespace);
        Assert.Equal("v1", options.Version);
    }

    [Fact]
    public void A_pod_ip_that_is_not_an_address_is_refused()
    {
        var error = Assert.Throws<FormatException>(() => AppOptions.FromEnvironment(name => name == "POD_IP" ? "not-an-ip" : null));
        Assert.Contains("POD_IP", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fault_endpoint_shows_no_faults_at_start()
    {
        await using var app = await InProcessApp.StartAsync();

        var status = await app.Client.GetFromJsonAsync<FaultStatus>("/fault");

        Assert.Equal(new FaultStatus(false, false, 0, false), status);
    }
}
