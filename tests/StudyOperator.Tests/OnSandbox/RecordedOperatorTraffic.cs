using k8s;
using k8s.Models;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Reconciliation;
using StudyOperator.Tests.Manifests;
using StudyOperator.Yaml;

namespace StudyOperator.Tests.OnSandbox;

/// <summary>
/// Every API request the operator sends while it does all it ever does, recorded once for the RBAC comparison: the
/// full-tour sample (SelfHealing, LoadBalancing, Failover), a lab whose spec is edited (children replaced), an invalid
/// spec (Degraded, a Warning event), resyncs, leader election on a Lease in the operator's namespace, and deleting labs.
/// The operator watches all namespaces, as the chart's default does. Only its requests pass the recording proxy; the
/// test's own client talks to the sandbox directly.
/// </summary>
public sealed class RecordedOperatorTraffic : IAsyncLifetime
{
    private static readonly TimeSpan LabDeadline = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    internal IReadOnlyList<RecordedRequest> Requests { get; private set; } = [];

    public async Task InitializeAsync()
    {
        // Without the replicas bound in the schema, an out-of-range lab reaches the operator (as with an older CRD).
        await using var cluster = await SandboxCluster.StartAsync(editCrd: crd =>
            crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!["app"]!["properties"]!["replicas"]!.AsObject().Remove("maximum"));
        await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = OperatorRbac.Namespace } });
        var ns = await cluster.CreateNamespaceAsync("rbac-labs");
        await using var proxy = await RecordingApiProxy.StartAsync(cluster.Sandbox.BaseAddress);
        using var reconciles = ReconcileCounter.Start(ns);
        var op = await RunningOperator.StartAsync(
            cluster,
            o =>
            {
                o.Identity = "rbac-recorded";
                o.LeaderElection = true;
                o.LeaseNamespace = OperatorRbac.Namespace; // what POD_NAMESPACE gives it in the chart's Deployment
                o.LeaseDuration = TimeSpan.FromSeconds(3);
                o.RenewDeadline = TimeSpan.FromSeconds(2);
                o.RetryPeriod = TimeSpan.FromMilliseconds(250);
                o.ResyncPeriod = TimeSpan.FromSeconds(1);
            },
            new KubernetesClientConfiguration { Host = proxy.BaseAddress.ToString() });
        try
        {
            await RunWorkloadAsync(cluster, ns, op, reconciles);
        }
        finally
        {
            await op.DisposeAsync(); // its last requests (giving the Lease up, closing watches) are part of the record
        }

        Requests = proxy.Requests;
    }

    private static async Task RunWorkloadAsync(SandboxCluster cluster, string ns, RunningOperator op, ReconcileCounter reconciles)
    {
        var lease = await Eventually.Object(
            async () => (await cluster.Client.CoordinationV1.ListNamespacedLeaseAsync(OperatorRbac.Namespace)).Items.SingleOrDefault(l => l.Spec.HolderIdentity == "rbac-recorded"),
            Step,
            "the operator holds the leader Lease");

        var tour = KubernetesJson.Deserialize<V1Alpha1StudyLab>(
            Assert.Single(YamlDocuments.Parse(File.ReadAllText(RepositoryRoot.File("config", "samples", "full-tour.yaml")))).ToJsonString());
        await cluster.CreateLabAsync(ns, tour);
        await cluster.CreateLabAsync(ns, SandboxCluster.Lab("invalid", s => s.App.Replicas = 50));
        await cluster.CreateLabAsync(ns, SandboxCluster.Lab("edited", s => s.App.Replicas = 2));

        await Eventually.True(
            async () => ConditionSet.Find((await cluster.GetLabAsync(ns, "invalid")).Status?.Conditions, LabConditions.Degraded) is { Status: "True", Reason: LabConditions.Reasons.InvalidSpec },
            Step,
            "the invalid lab is Degraded with InvalidSpec");
        await Eventually.True(
            async () => (await cluster.Client.CoreV1.ListNamespacedEventAsync(ns)).Items.Any(e => e.ReportingComponent == "study-operator" && e.Reason == LabConditions.Reasons.InvalidSpec),
            Step,
            "the operator reports the invalid spec in an Event");

        await Eventually.True(
            async () => (await cluster.Client.AppsV1.ListNamespacedDeploymentAsync(ns)).Items.Any(d => d.Metadata.Name == "edited-app")
                && (await cluster.Client.CoreV1.ListNamespacedServiceAsync(ns)).Items.Any(s => s.Metadata.Name == "edited"),
            Step,
            "the edited lab's Deployment and Service exist");
        await cluster.UpdateLabAsync(ns, "edited", l =>
        {
            l.Spec.App.Replicas = 1;
            l.Spec.Service.Port = 8081;
        });
        await Eventually.True(
            async () => (await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("edited-app", ns)).Spec.Replicas == 1
                && (await cluster.Client.CoreV1.ReadNamespacedServiceAsync("edited", ns)).Spec.Ports[0].Port == 8081,
            Step,
            "the operator replaces the Deployment and the Service after the edit");

        var done = await Eventually.Object(
            async () => await cluster.GetLabAsync(ns, tour.Metadata.Name) is { Status.Phase: LabPhase.Succeeded or LabPhase.Failed } l ? l : null,
            LabDeadline,
            "the full tour finishes");
        Assert.True(done.Status!.Phase == LabPhase.Succeeded, string.Join(" | ", done.Status.Steps!.Select(s => $"{s.Type}: {s.Message}")));

        var settled = reconciles.Count(tour.Metadata.Name);
        await Eventually.True(() => reconciles.Count(tour.Metadata.Name) >= settled + 2, Step, "resyncs reconcile the finished lab again");
        await Eventually.True(
            async () => (await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync(lease.Metadata.Name, OperatorRbac.Namespace)).Spec.RenewTime != lease.Spec.RenewTime,
            Step,
            "the leader renews its Lease");

        foreach (var name in new[] { tour.Metadata.Name, "invalid", "edited" })
        {
            await cluster.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(StudyLabGroup.Group, StudyLabGroup.Version, ns, StudyLabGroup.Plural, name);
        }

        await Eventually.True(
            () => op.Runtime.Labs.List().Count == 0 && op.Runtime.Controller.Queue.Count == 0 && op.Runtime.Controller.Queue.ProcessingCount == 0,
            Step,
            "the operator has seen the labs go and has nothing left to do");
        await Eventually.True(
            async () => (await cluster.Client.AppsV1.ListNamespacedDeploymentAsync(ns)).Items.Count == 0,
            Step,
            "the labs' children are garbage-collected");
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
