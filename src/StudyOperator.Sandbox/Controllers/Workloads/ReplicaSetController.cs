using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Selectors;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Controllers.Workloads;

/// <summary>
/// pkg/controller/replicaset: keeps <c>spec.replicas</c> active pods (not finished, not being deleted) by creating pods
/// from the template and deleting surplus ones in <see cref="PodDeletionOrder"/>, and writes the status counts.
/// Finished pods are left for the pod GC, as Kubernetes does; only pods the ReplicaSet controls count (no adoption of
/// orphans).
/// </summary>
internal sealed class ReplicaSetController(ResourceService service, WorkloadTypes types, WorkQueue queue, EventRecorder recorder)
{
    /// <summary>replicaset_controller.go BurstReplicas.</summary>
    private const int BurstReplicas = 500;

    private const string Component = "replicaset-controller";

    private readonly ControllerRefManager refs = new(service);

    // ReplicaSets that should look for orphaned pods in their namespace on their next sync (new ReplicaSets, and
    // those an orphan pod's labels match); other syncs only look at the pods they control.
    private readonly HashSet<(string Ns, string Name)> claimRequested = [];

    public void RequestClaim(string ns, string name)
    {
        lock (claimRequested)
        {
            claimRequested.Add((ns, name));
        }
    }

    public void Sync(string ns, string name)
    {
        if (service.Store.Get(types.ReplicaSets.EffectiveStorageKey, ns, name) is not { } rs)
        {
            return;
        }

        bool scan;
        lock (claimRequested)
        {
            scan = claimRequested.Remove((ns, name));
        }

        var candidates = scan ? service.Store.List(types.Pods.EffectiveStorageKey, ns).Items : OwnedPods(rs);
        var pods = refs.Claim(types.Pods, rs, "apps/v1", Pods.ReplicaSetKind, candidates);
        var active = pods.Where(Pods.IsActive).ToList();
        if (!rs.IsTerminating())
        {
            active = ManageReplicas(rs, active);
        }

        var now = service.Time.GetUtcNow();
        var minReady = rs.At("spec", "minReadySeconds").Long() ?? 0;
        var templateLabels = rs.At("spec", "template", "metadata", "labels") as JsonObject;
        var templateSelector = templateLabels is null ? LabelSelector.Everything : LabelSelector.FromObject(new JsonObject { ["matchLabels"] = templateLabels.DeepClone() });
        var ready = active.Count(Pods.IsReady);
        var available = active.Count(p => Pods.IsAvailable(p, minReady, now));
        var status = new JsonObject { ["replicas"] = active.Count };
        AddCount(status, "fullyLabeledReplicas", active.Count(p => templateSelector.Matches(p.Labels())));
        AddCount(status, "readyReplicas", ready);
        AddCount(status, "availableReplicas", available);
        status["observedGeneration"] = rs.At("metadata", "generation").Long() ?? 1;
        if (rs.At("status", "conditions") is JsonArray conditions)
        {
            status["conditions"] = conditions.DeepClone();
        }

        service.Mutate(types.ReplicaSets, ns, name, o => o["status"] = status, "status");

        // Pods that are ready but not yet ready for minReadySeconds become available later: look again then.
        if (minReady > 0 && available < ready)
        {
            var next = active.Where(p => !Pods.IsAvailable(p, minReady, now)).Select(p => Pods.AvailableAt(p, minReady)).Where(t => t is not null).Min();
            if (next is { } at)
            {
                queue.AddAfter(new WorkItem(WorkloadKind.ReplicaSet, ns, name), at - now + TimeSpan.FromMilliseconds(1));
            }
        }
    }

    internal List<JsonObject> OwnedPods(JsonObject owner) =>
        service.Store.DependentsOf(owner.Uid() ?? "")
            .Where(d => d.StorageKey == types.Pods.EffectiveStorageKey && Pods.IsControlledBy(d.Object, owner))
            .Select(d => d.Object)
            .ToList();

    /// <summary>manageReplicas: create or delete the difference; returns the active pods afterwards.</summary>
    private List<JsonObject> ManageReplicas(JsonObject rs, List<JsonObject> active)
    {
        var wanted = rs.At("spec", "replicas").Long() ?? 1;
        var diff = active.Count - wanted;
        if (diff < 0)
        {
            var template = rs.At("spec", "template") as JsonObject ?? [];
            for (var i = 0; i < Math.Min(-diff, BurstReplicas); i++)
            {
                var created = service.Create(types.Pods, rs.Ns(), Pods.FromTemplate(rs, "apps/v1", Pods.ReplicaSetKind, template), WriteOptions.Internal);
                active.Add(created.Object);
                recorder.Normal(rs, "apps/v1", Pods.ReplicaSetKind, Component, "SuccessfulCreate", $"Created pod: {created.Object.Name()}");
            }
        }
        else if (diff > 0)
        {
            var doomed = PodsToDelete(active, (int)Math.Min(diff, BurstReplicas));
            foreach (var pod in doomed)
            {
                service.Delete(types.Pods, pod.Ns(), pod.Name(), new DeleteOptions());
                active.Remove(pod);
                recorder.Normal(rs, "apps/v1", Pods.ReplicaSetKind, Component, "SuccessfulDelete", $"Deleted pod: {pod.Name()}");
            }
        }

        return active;
    }

    /// <summary>getPodsToDelete: rank by co-located pods of the same ReplicaSet, sort, take the first <paramref name="count"/>.</summary>
    private List<JsonObject> PodsToDelete(List<JsonObject> active, int count)
    {
        if (count >= active.Count)
        {
            return [.. active];
        }

        var onNode = active.GroupBy(p => p.Str("spec", "nodeName") ?? "").ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var ranks = active.ToDictionary(p => p.Uid() ?? "", p => onNode[p.Str("spec", "nodeName") ?? ""], StringComparer.Ordinal);
        return [.. active.Order(new PodDeletionOrder(ranks, service.Time.GetUtcNow())).Take(count)];
    }

    private static void AddCount(JsonObject status, string field, long value)
    {
        if (value != 0)
        {
            status[field] = value;
        }
    }
}
