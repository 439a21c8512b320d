using System.Diagnostics;
using k8s;
using Xunit.Abstractions;

namespace StudyOperator.Tests.OnSandbox;

public sealed class LeaderElectionOnSandboxTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(3);
    private SandboxCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SandboxCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private Task<RunningOperator> StartAsync(string identity, string ns) =>
        RunningOperator.StartAsync(_cluster, o =>
        {
            o.Identity = identity;
            o.Namespaces = [ns];
            o.LeaderElection = true;
            o.LeaseNamespace = ns;
            o.LeaseDuration = LeaseDuration;
            o.RenewDeadline = TimeSpan.FromSeconds(2);
            o.RetryPeriod = TimeSpan.FromMilliseconds(250);
        });

    private async Task<string?> HolderAsync(string ns) =>
        (await _cluster.Client.CoordinationV1.ListNamespacedLeaseAsync(ns, fieldSelector: "metadata.name=study-operator-leader")).Items.SingleOrDefault()?.Spec.HolderIdentity;

    private async Task<HashSet<string>> EventReportersAsync(string ns) =>
        // Only the operator's events: the sandbox's deployment and replicaset controllers report on the children too.
        [.. (await _cluster.Client.CoreV1.ListNamespacedEventAsync(ns)).Items.Where(e => e.ReportingComponent == "study-operator").Select(e => e.ReportingInstance)];

    [Fact]
    public async Task Only_the_leader_acts_and_the_other_takes_over_when_it_stops()
    {
        var ns = await _cluster.CreateNamespaceAsync("leader");
        var a = await StartAsync("op-a", ns);
        await using var b = await StartAsync("op-b", ns);
        var leader = await Eventually.Object(async () => await HolderAsync(ns) is { Length: > 0 } h ? h : null, TimeSpan.FromSeconds(20), "a leader is elected");
        var (leading, standby, standbyName) = leader == "op-a" ? (a, b, "op-b") : (b, a, "op-a");
        Assert.False(standby.Runtime.Leader.IsLeader);

        await _cluster.CreateLabAsync(ns, SandboxCluster.Lab("web"));
        await Eventually.True(async () => (await EventReportersAsync(ns)).Count > 0, TimeSpan.FromSeconds(20), "the leader reports creating the children");
        Assert.Equal([leader], await EventReportersAsync(ns));

        var stopped = Stopwatch.StartNew();
        await leading.DisposeAsync();
        await Eventually.True(async () => await HolderAsync(ns) == standbyName, LeaseDuration * 4, "the standby takes the lease over");
        output.WriteLine($"takeover {stopped.ElapsedMilliseconds} ms after the leader stopped (lease {LeaseDuration.TotalSeconds} s)");

        await _cluster.UpdateLabAsync(ns, "web", l => l.Spec.App.Replicas = 4);
        await Eventually.True(async () => (await EventReportersAsync(ns)).Contains(standbyName), TimeSpan.FromSeconds(20), "the new leader acts on the change");
        if (leading != a)
        {
            await a.DisposeAsync();
        }
    }
}
