using System.Net;

namespace StudyOperator.Tests.OnSandbox;

public sealed class HealthAndMetricsTests : IAsyncLifetime
{
    private SandboxCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SandboxCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Health_readiness_and_prometheus_metrics_are_served()
    {
        var ns = await _cluster.CreateNamespaceAsync("metrics");
        await using var op = await RunningOperator.StartAsync(_cluster, o => o.Namespaces = [ns]);
        using var http = new HttpClient { BaseAddress = op.HealthAddress, Timeout = TimeSpan.FromSeconds(10) };
        await _cluster.CreateLabAsync(ns, SandboxCluster.Lab("web"));

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        await Eventually.True(async () => (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20), "ready once caches synced");
        var metrics = await Eventually.Object(
            async () => await http.GetStringAsync("/metrics") is var text && text.Contains("studyoperator_controller_reconciles_total", StringComparison.Ordinal) ? text : null,
            TimeSpan.FromSeconds(20),
            "reconciles are counted");
        Assert.Contains("studyoperator_workqueue_depth", metrics, StringComparison.Ordinal);
        Assert.Contains("studyoperator_api_requests_total", metrics, StringComparison.Ordinal);
        Assert.Contains("studyoperator_controller_reconcile_duration_seconds", metrics, StringComparison.Ordinal);
    }
}
