using System.Net;
using k8s;
using k8s.Autorest;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using k8s.Models;
using StudyOperator.Sandbox.Tests.Infrastructure;

namespace StudyOperator.Sandbox.Tests.Conformance;

/// <summary>KubernetesClient 21 against the sandbox: CRUD, conflicts, watches, custom objects and leader election.</summary>
public sealed class CSharpClientTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static V1Deployment Deployment(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Replicas = 2,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx:1.25" }] },
            },
        },
    };

    [Fact]
    public async Task Typed_client_creates_reads_lists_and_conflicts()
    {
        var ns = await sandbox.NamespaceAsync();
        var client = sandbox.Client();
        var created = await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web"), ns);
        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal("RollingUpdate", created.Spec.Strategy.Type);
        var list = await client.AppsV1.ListNamespacedDeploymentAsync(ns);
        Assert.Single(list.Items);

        // The deployment controller writes the object's status meanwhile: read-modify-write retries on conflict, as
        // client-go's RetryOnConflict does; the create's resourceVersion stays stale for the conflict check.
        var updated = await RetryOnConflictAsync(async () =>
        {
            var current = await client.AppsV1.ReadNamespacedDeploymentAsync("web", ns);
            current.Spec.Replicas = 3;
            return await client.AppsV1.ReplaceNamespacedDeploymentAsync(current, "web", ns);
        });
        Assert.Equal(2, updated.Metadata.Generation);

        created.Spec.Replicas = 4;
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => client.AppsV1.ReplaceNamespacedDeploymentAsync(created, "web", ns));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);

        var patched = await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""{"spec":{"replicas":5}}""", V1Patch.PatchType.MergePatch), "web", ns);
        Assert.Equal(5, patched.Spec.Replicas);
        var status = await RetryOnConflictAsync(async () =>
        {
            var current = await client.AppsV1.ReadNamespacedDeploymentAsync("web", ns);
            return await client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(
                new V1Deployment { Metadata = current.Metadata, Spec = current.Spec, Status = new V1DeploymentStatus { Replicas = 5, ObservedGeneration = 3 } }, "web", ns);
        });
        Assert.Equal(5, status.Status.Replicas);

        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedConfigMapAsync("missing", ns));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
    }

    private static async Task<T> RetryOnConflictAsync<T>(Func<Task<T>> attempt)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return await attempt();
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && i < 20)
            {
                // Someone else wrote first: read again.
            }
        }
    }

    [Fact]
    public async Task Watch_delivers_added_modified_and_deleted_events()
    {
        var ns = await sandbox.NamespaceAsync();
        var client = sandbox.Client();
        var events = new List<(WatchEventType, string)>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, item) in client.CoreV1.WatchListNamespacedConfigMapAsync(ns, cancellationToken: cts.Token))
            {
                lock (events)
                {
                    events.Add((type, item.Metadata.Name));
                }

                if (type == WatchEventType.Deleted)
                {
                    return;
                }
            }
        }, cts.Token);

        await Eventually.True(async () =>
        {
            try
            {
                await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "probe-" + Guid.NewGuid().ToString("N")[..6] } }, ns);
            }
            catch (HttpOperationException)
            {
                return false;
            }

            lock (events)
            {
                return events.Count > 0;
            }
        }, TimeSpan.FromSeconds(10), "the watch to start");

        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm" }, Data = new Dictionary<string, string> { ["a"] = "1" } }, ns);
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"a":"2"}}""", V1Patch.PatchType.MergePatch), "cm", ns);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("cm", ns);
        await watching;
        lock (events)
        {
            var forCm = events.Where(e => e.Item2 == "cm").Select(e => e.Item1).ToList();
            Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], forCm);
        }
    }

    [Fact]
    public async Task Custom_objects_round_trip_through_the_generic_client()
    {
        var ns = await sandbox.NamespaceAsync();
        var group = await Crds.CreateAsync(sandbox);
        var client = sandbox.Client();
        var widget = System.Text.Json.JsonSerializer.Deserialize<object>(Crds.Widget(group, ns, "w", 2).ToJsonString())!;
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(widget, group, "v1", ns, "widgets");
        var read = (System.Text.Json.JsonElement)await client.CustomObjects.GetNamespacedCustomObjectAsync(group, "v1", ns, "widgets", "w");
        Assert.Equal(2, read.GetProperty("spec").GetProperty("replicas").GetInt32());
        var invalid = System.Text.Json.JsonSerializer.Deserialize<object>(Crds.Widget(group, ns, "bad", 99).ToJsonString())!;
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CustomObjects.CreateNamespacedCustomObjectAsync(invalid, group, "v1", ns, "widgets"));
        Assert.Equal((HttpStatusCode)422, error.Response.StatusCode);
        Assert.Contains("spec.replicas", error.Response.Content);
    }

    [Fact]
    public async Task Server_side_apply_from_the_typed_client_creates_then_updates()
    {
        var ns = await sandbox.NamespaceAsync();
        var client = sandbox.Client();
        var desired = Deployment("applied");
        desired.ApiVersion = "apps/v1";
        desired.Kind = "Deployment";
        desired.Metadata.NamespaceProperty = ns;
        var created = await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(desired, V1Patch.PatchType.ApplyPatch), "applied", ns, fieldManager: "study-operator", force: true);
        Assert.Equal(2, created.Spec.Replicas);
        Assert.Contains(created.Metadata.ManagedFields, m => m.Manager == "study-operator" && m.Operation == "Apply");
        desired.Spec.Replicas = 4;
        var updated = await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(desired, V1Patch.PatchType.ApplyPatch), "applied", ns, fieldManager: "study-operator", force: true);
        Assert.Equal(4, updated.Spec.Replicas);
        Assert.Equal(2, updated.Metadata.Generation);
    }

    [Fact]
    public async Task LeaderElector_with_a_LeaseLock_acquires_and_renews_the_lease()
    {
        var ns = await sandbox.NamespaceAsync();
        var client = sandbox.Client();
        var leaseLock = new LeaseLock(client, ns, "leader", "candidate-1");
        var config = new LeaderElectionConfig(leaseLock)
        {
            LeaseDuration = TimeSpan.FromSeconds(3),
            RenewDeadline = TimeSpan.FromSeconds(2),
            RetryPeriod = TimeSpan.FromMilliseconds(200),
        };
        using var elector = new LeaderElector(config);
        var leading = new TaskCompletionSource();
        elector.OnStartedLeading += () => leading.TrySetResult();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var run = elector.RunUntilLeadershipLostAsync(cts.Token);
        await leading.Task.WaitAsync(TimeSpan.FromSeconds(15));

        var first = await client.CoordinationV1.ReadNamespacedLeaseAsync("leader", ns);
        Assert.Equal("candidate-1", first.Spec.HolderIdentity);
        await Eventually.True(async () =>
        {
            var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync("leader", ns);
            return lease.Spec.RenewTime > first.Spec.RenewTime;
        }, TimeSpan.FromSeconds(15), "the lease to be renewed");
        await cts.CancelAsync();
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
            // Stopping the elector cancels its loop.
        }
    }
}
