using k8s;
using StudyOperator.Reconciliation;

namespace StudyOperator.Tests.OnSandbox;

/// <summary>A lab the schema let through (here: a CRD without the replicas bound, as an older or edited CRD would be).</summary>
public sealed class InvalidSpecOnSandboxTests : IAsyncLifetime
{
    private SandboxCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SandboxCluster.StartAsync(editCrd: crd =>
        crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!["app"]!["properties"]!["replicas"]!.AsObject().Remove("maximum"));

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task An_invalid_spec_is_degraded_with_the_field_named_builds_nothing_and_is_not_retried()
    {
        var ns = await _cluster.CreateNamespaceAsync("invalid");
        using var reconciles = ReconcileCounter.Start(ns);
        await using var op = await RunningOperator.StartAsync(_cluster, o => o.Namespaces = [ns]);
        await _cluster.CreateLabAsync(ns, SandboxCluster.Lab("big", s => s.App.Replicas = 50));

        var lab = await Eventually.Object(
            async () => await _cluster.GetLabAsync(ns, "big") is var l && ConditionSet.Find(l.Status?.Conditions, LabConditions.Degraded) is { Status: "True" } ? l : null,
            TimeSpan.FromSeconds(20),
            "the lab is Degraded");
        var degraded = ConditionSet.Find(lab.Status!.Conditions, LabConditions.Degraded)!;
        Assert.Equal(LabConditions.Reasons.InvalidSpec, degraded.Reason);
        Assert.Contains("spec.app.replicas", degraded.Message, StringComparison.Ordinal);
        Assert.Empty((await _cluster.Client.AppsV1.ListNamespacedDeploymentAsync(ns)).Items);
        await Eventually.True(async () => (await _cluster.Client.CoreV1.ListNamespacedEventAsync(ns)).Items.Any(e => e.Reason == "InvalidSpec"), TimeSpan.FromSeconds(10), "a warning event");

        await Eventually.True(() => op.Runtime.Controller.Queue.Count == 0 && op.Runtime.Controller.Queue.ProcessingCount == 0 && op.Runtime.Controller.Queue.WaitingCount == 0, TimeSpan.FromSeconds(10), "nothing is queued for a retry");
        var settled = reconciles.Count("big");
        Assert.InRange(settled, 1, 3); // the create, the status write echo; no retry storm

        await _cluster.UpdateLabAsync(ns, "big", l => l.Spec.App.Replicas = 2);
        await Eventually.True(async () => (await _cluster.Client.AppsV1.ListNamespacedDeploymentAsync(ns)).Items.Count == 1, TimeSpan.FromSeconds(20), "a fixed spec builds the workload");
        await Eventually.True(
            async () => ConditionSet.Find((await _cluster.GetLabAsync(ns, "big")).Status?.Conditions, LabConditions.Degraded)?.Status == "False",
            TimeSpan.FromSeconds(20),
            "Degraded clears");
    }
}
