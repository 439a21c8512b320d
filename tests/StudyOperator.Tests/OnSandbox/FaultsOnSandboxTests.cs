using k8s;
using StudyOperator.Reconciliation;
using StudyOperator.Sandbox.Diagnostics;

namespace StudyOperator.Tests.OnSandbox;

public sealed class FaultsOnSandboxTests : IAsyncLifetime
{
    private SandboxCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SandboxCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Fifty_labs_all_become_ready_through_errors_throttling_and_dropped_watches()
    {
        const int labs = 50;
        var ns = await _cluster.CreateNamespaceAsync("faults");
        using var reconciles = ReconcileCounter.Start(ns);
        _cluster.Sandbox.Faults = new FaultSettings
        {
            ErrorRates = new Dictionary<string, double> { ["*"] = 0.10 },
            ErrorCode = 503,
            ThrottleRate = 0.05,
            RetryAfterSeconds = 1,
            DropWatchesEvery = TimeSpan.FromSeconds(5),
        };
        await using var op = await RunningOperator.StartAsync(_cluster, o =>
        {
            o.Namespaces = [ns];
            // Probe Jobs run the operator's image: a non-local one keeps them virtual (no 50 processes on 2 cores).
            o.Image = "registry.example/demo:v1";
        });

        // Labs are created through a client that retries the injected errors, as kubectl users would.
        for (var i = 0; i < labs; i++)
        {
            var lab = SandboxCluster.Lab($"lab-{i}", s =>
            {
                // Any image but the project's own runs as a virtual pod: Ready at once, no process.
                s.App.Image = "registry.example/demo:v1";
                s.App.Replicas = 2;
            });
            await Eventually.True(
                async () =>
                {
                    try
                    {
                        await _cluster.CreateLabAsync(ns, lab);
                        return true;
                    }
                    catch (k8s.Autorest.HttpOperationException e) when ((int)e.Response.StatusCode is 409 or 429 or 500 or 503)
                    {
                        return (int)e.Response.StatusCode == 409;
                    }
                },
                TimeSpan.FromSeconds(30),
                $"lab-{i} is created");
        }

        await Eventually.True(
            async () =>
            {
                try
                {
                    var all = await _cluster.Client.CustomObjects.ListNamespacedCustomObjectAsync(
                        StudyOperator.Api.V1Alpha1.StudyLabGroup.Group, StudyOperator.Api.V1Alpha1.StudyLabGroup.Version, ns, StudyOperator.Api.V1Alpha1.StudyLabGroup.Plural);
                    var list = KubernetesJson.Deserialize<StudyOperator.Api.V1Alpha1.V1Alpha1StudyLabList>(System.Text.Json.JsonSerializer.Serialize(all));
                    return list.Items.Count == labs && list.Items.All(l => ConditionSet.Find(l.Status?.Conditions, LabConditions.Ready)?.Status == "True");
                }
                catch (k8s.Autorest.HttpOperationException)
                {
                    return false;
                }
            },
            TimeSpan.FromMinutes(2),
            "all labs report Ready");

        Assert.Equal(0, reconciles.Overlaps);
    }
}
