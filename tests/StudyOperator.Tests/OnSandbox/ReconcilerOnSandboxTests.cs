using k8s;
using k8s.Models;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Controller;
using StudyOperator.Reconciliation;

namespace StudyOperator.Tests.OnSandbox;

/// <summary>The operator role against the sandbox: children, status, spec changes, deletion, restarts.</summary>
public sealed class ReconcilerOnSandboxTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private SandboxCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SandboxCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private Task<V1Deployment> DeploymentAsync(string ns, string name, Func<V1Deployment, bool>? until = null) =>
        Eventually.Object(async () =>
        {
            var list = await _cluster.Client.AppsV1.ListNamespacedDeploymentAsync(ns, fieldSelector: $"metadata.name={name}");
            return list.Items.FirstOrDefault(d => until?.Invoke(d) ?? true);
        }, Deadline, $"deployment {ns}/{name}");

    private Task<V1Alpha1StudyLab> LabAsync(string ns, string name, Func<V1Alpha1StudyLab, bool> until, string because) =>
        Eventually.Object(async () => await _cluster.GetLabAsync(ns, name) is var lab && until(lab) ? lab : null, Deadline, because);

    [Fact]
    public async Task A_lab_yields_an_owned_deployment_and_service_with_its_probes_and_a_restricted_pod()
    {
        var ns = await _cluster.CreateNamespaceAsync("children");
        await using var op = await RunningOperator.StartAsync(_cluster);
        var lab = await _cluster.CreateLabAsync(ns, SandboxCluster.Lab("web", s => s.App.LivenessProbe = false));

        var deployment = await DeploymentAsync(ns, "web-app");
        var service = await Eventually.Object(async () => (await _cluster.Client.CoreV1.ListNamespacedServiceAsync(ns)).Items.FirstOrDefault(), Deadline, "service");
        foreach (var owners in new[] { deployment.Metadata.OwnerReferences, service.Metadata.OwnerReferences })
        {
            var owner = Assert.Single(owners);
            Assert.Equal(lab.Metadata.Uid, owner.Uid);
            Assert.True(owner.Controller);
        }

        var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
        Assert.Equal("/readyz", container.ReadinessProbe.HttpGet.Path);
        Assert.Null(container.LivenessProbe);
        Assert.True(deployment.Spec.Template.Spec.SecurityContext.RunAsNonRoot);
        Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        Assert.Equal("web", service.Metadata.Name);
        Assert.Equal(80, service.Spec.Ports[0].Port);

        var ready = await LabAsync(ns, "web", l => ConditionSet.Find(l.Status?.Conditions, LabConditions.Ready)?.Status == "True", "the lab reports Ready");
        Assert.Equal(1, ready.Status!.ObservedGeneration);
        Assert.Equal("web-app", ready.Status.Workload!.Deployment);
        Assert.Equal(3, ready.Status.Workload.ReadyReplicas);
        Assert.Equal("3/3", ready.Status.Workload.Ready);
        Assert.Equal(1, ConditionSet.Find(ready.Status.Conditions, LabConditions.Ready)!.ObservedGeneration);

        // One Event tells the lab's start: Ready, naming its children (creating them is not news of its own).
        var told = await Eventually.Object(
            async () => (await _cluster.Client.CoreV1.ListNamespacedEventAsync(ns)).Items.FirstOrDefault(e => e.Reason == LabConditions.Reasons.WorkloadReady),
            Deadline,
            "the Ready event");
        Assert.Equal("3/3 pods of Deployment web-app ready behind Service web", told.Message);
        Assert.DoesNotContain((await _cluster.Client.CoreV1.ListNamespacedEventAsync(ns)).Items, e => e.InvolvedObject.Kind == "StudyLab" && e.Reason == "Created");
    }

    [Fact]
    public async Task Reaching_ready_creates_each_child_once_and_writes_status_only_for_observed_workload_states()
    {
        var ns = await _cluster.CreateNamespaceAsync("writes");
        await using var op = await RunningOperator.StartAsync(_cluster);
        long Creates() => _cluster.Sandbox.Metrics.Count("POST", "deployments") + _cluster.Sandbox.Metrics.Count("POST", "services");
        var creates = Creates();

        // Each MODIFIED of the lab up to the one that shows Ready is one status write (nothing else changes the lab).
        // The watch starts from the created lab's resourceVersion, so it sees every later write, however early.
        // Virtual pods (an image the sandbox does not run) are Ready at once, as in the scale benchmark; with pods that
        // turn Ready one by one, each new count (1/3, 2/3, ...) is a status change of its own and is written too.
        var created = await _cluster.CreateLabAsync(ns, SandboxCluster.Lab("web", s => s.App.Image = "registry.example/demo:v1"));
        using var stop = new CancellationTokenSource(Deadline);
        var labs = KubernetesSources.Custom<V1Alpha1StudyLab>(_cluster.Client, StudyLabGroup.Group, StudyLabGroup.Version, StudyLabGroup.Plural);
        var statusWrites = 0;
        await foreach (var (type, lab) in labs.WatchAsync(ns, created.Metadata.ResourceVersion, stop.Token))
        {
            if (type != WatchEventType.Modified)
            {
                continue;
            }

            statusWrites++;
            var ready = ConditionSet.Find(lab.Status?.Conditions, LabConditions.Ready);

            // The pass that created the children wrote nothing: no status ever says the Deployment is missing.
            Assert.NotEqual(LabConditions.Reasons.WorkloadPending, ready?.Reason);
            if (ready?.Status == "True")
            {
                break;
            }
        }

        // Deployment and Service created once each; then one status write per observed ready count (0..3 of 3) at most.
        // The benchmark (`operator 1000`, docs/benchmarks.md) measures the mean: 3 writes per lab in all.
        Assert.Equal(2, Creates() - creates);
        Assert.InRange(statusWrites, 1, 4);
    }

    [Fact]
    public async Task Changing_replicas_scales_the_deployment_and_flipping_a_probe_rolls_the_template()
    {
        var ns = await _cluster.CreateNamespaceAsync("changes");
        await using var op = await RunningOperator.StartAsync(_cluster);
        await _cluster.CreateLabAsync(ns, SandboxCluster.Lab("web"));
        await DeploymentAsync(ns, "web-app");

        await _cluster.UpdateLabAsync(ns, "web", l => l.Spec.App.Replicas = 5);
        await DeploymentAsync(ns, "web-app", d => d.Spec.Replicas == 5);

        await _cluster.UpdateLabAsync(ns, "web", l => l.Spec.App.ReadinessProbe = false);
        var rolled = await DeploymentAsync(ns, "web-app", d => d.Spec.Template.Spec.Containers[0].ReadinessProbe is null);
        Assert.Equal(5, rolled.Spec.Replicas);
        Assert.NotNull(rolled.Spec.Template.Spec.Containers[0].LivenessProbe);

        await LabAsync(ns, "web", l => l.Status?.ObservedGeneration == 3, "status catches up with both spec changes");
    }

    [Fact]
    public async Task Someone_elses_edit_of_the_deployment_is_put_back()
    {
        var ns = await _cluster.CreateNamespaceAsync("drift");
        await using var op = await RunningOperator.StartAsync(_cluster);
        await _cluster.CreateLabAsync(ns, SandboxCluster.Lab("web"));
        await DeploymentAsync(ns, "web-app");

        var patch = new V1Patch("""{"spec":{"replicas":9}}""", V1Patch.PatchType.MergePatch);
        await _cluster.Client.AppsV1.PatchNamespacedDeploymentAsync(patch, "web-app", ns);
        await DeploymentAsync(ns, "web-app", d => d.Spec.Replicas == 3);
    }

    [Fact]
    public async Task Deleting_the_lab_removes_everything_it_created()
    {
        var ns = await _cluster.CreateNamespaceAsync("delete");
        await using var op = await RunningOperator.StartAsync(_cluster);
        await _cluster.CreateLabAsync(ns, SandboxCluster.Lab("web"));
        await DeploymentAsync(ns, "web-app");

        await _cluster.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(StudyLabGroup.Group, StudyLabGroup.Version, ns, StudyLabGroup.Plural, "web");
        await Eventually.True(
            async () => (await _cluster.Client.AppsV1.ListNamespacedDeploymentAsync(ns)).Items.Count == 0
                && (await _cluster.Client.CoreV1.ListNamespacedServiceAsync(ns)).Items.Count == 0,
            Deadline,
            "the lab's Deployment and Service are garbage-collected");
    }

    [Fact]
    public async Task A_steady_lab_causes_no_writes_even_through_a_resync()
    {
        var ns = await _cluster.CreateNamespaceAsync("steady");
        await using var op = await RunningOperator.StartAsync(_cluster);
        await _cluster.CreateLabAsync(ns, SandboxCluster.Lab("web"));
        await LabAsync(ns, "web", l => l.Status?.ObservedGeneration == 1, "first status");
        await Eventually.True(() => op.Runtime.Controller.Queue.Count == 0 && op.Runtime.Controller.Queue.ProcessingCount == 0, Deadline, "the queue is idle");

        var writes = _cluster.Writes();
        using var reconciled = ReconcileCounter.Start(ns);
        op.Runtime.Labs.Resync();
        await Eventually.True(() => reconciled.Count("web") >= 1, Deadline, "the resync reconciles the lab");
        await Eventually.True(() => op.Runtime.Controller.Queue.Count == 0 && op.Runtime.Controller.Queue.ProcessingCount == 0, Deadline, "the queue is idle again");
        Assert.Equal(writes, _cluster.Writes());
    }

    [Fact]
    public async Task Restarting_the_operator_duplicates_and_recreates_nothing()
    {
        var ns = await _cluster.CreateNamespaceAsync("restart");
        var first = await RunningOperator.StartAsync(_cluster);
        await _cluster.CreateLabAsync(ns, SandboxCluster.Lab("web"));
        var before = await DeploymentAsync(ns, "web-app");
        await LabAsync(ns, "web", l => l.Status?.ObservedGeneration == 1, "first status");
        await first.DisposeAsync();

        // Creates and updates: the restarted operator's first look comes from a list, whose items must compare equal too.
        long ChildWrites() => new[] { "POST", "PUT" }.Sum(verb => _cluster.Sandbox.Metrics.Count(verb, "deployments") + _cluster.Sandbox.Metrics.Count(verb, "services"));
        var writes = ChildWrites();
        using var reconciled = ReconcileCounter.Start(ns);
        await using var second = await RunningOperator.StartAsync(_cluster);
        await Eventually.True(() => reconciled.Count("web") >= 1, Deadline, "the new operator reconciles the lab");
        await Eventually.True(() => second.Runtime.Controller.Queue.Count == 0 && second.Runtime.Controller.Queue.ProcessingCount == 0, Deadline, "idle");

        Assert.Equal(writes, ChildWrites());
        var after = Assert.Single((await _cluster.Client.AppsV1.ListNamespacedDeploymentAsync(ns)).Items);
        Assert.Equal(before.Metadata.Uid, after.Metadata.Uid);
        Assert.Single((await _cluster.Client.CoreV1.ListNamespacedServiceAsync(ns)).Items);
    }
}
