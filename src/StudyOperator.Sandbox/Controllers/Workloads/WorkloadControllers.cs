using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Selectors;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Controllers.Workloads;

/// <summary>
/// The workload controllers of kube-controller-manager (Deployment, ReplicaSet, Job with ttl-after-finished), run
/// in-process and event-driven: store events map to work-queue keys (an object, its controller owner), and one worker
/// reconciles each key against the current store, writing through <see cref="ResourceService"/> as a client would.
/// Timed work (minReadySeconds, progressDeadlineSeconds, job back-off, ttlSecondsAfterFinished) is requeued for the
/// moment it falls due; nothing polls.
/// </summary>
internal sealed class WorkloadControllers
{
    private readonly ResourceService service;
    private readonly WorkloadTypes types;
    private readonly WorkQueue queue;
    private readonly ILogger logger;
    private readonly DeploymentController deployments;
    private readonly ReplicaSetController replicaSets;
    private readonly JobController jobs;

    private WorkloadControllers(ResourceService service, ILogger logger, CancellationToken stopping)
    {
        this.service = service;
        this.logger = logger;
        types = WorkloadTypes.From(service.Registry);
        queue = new WorkQueue(service.Time, stopping);
        var recorder = new EventRecorder(service, logger);
        deployments = new DeploymentController(service, types, queue, recorder);
        replicaSets = new ReplicaSetController(service, types, queue, recorder);
        jobs = new JobController(service, types, queue, recorder);
    }

    /// <summary>Subscribes to the store now (so no change is missed) and runs the controllers until <paramref name="stopping"/>.</summary>
    public static Task Start(ResourceService service, ILogger<WorkloadControllers> logger, CancellationToken stopping)
    {
        var controllers = new WorkloadControllers(service, logger, stopping);
        var subscription = service.Store.SubscribeLive(null, null);
        var dispatch = Task.Run(() => controllers.DispatchAsync(subscription, stopping), CancellationToken.None);
        var work = Task.Run(() => controllers.WorkAsync(stopping), CancellationToken.None);
        return Task.WhenAll(dispatch, work);
    }

    private async Task DispatchAsync(StoreSubscription subscription, CancellationToken cancellationToken)
    {
        using (subscription)
        {
            try
            {
                await foreach (var e in subscription.Events.ReadAllAsync(cancellationToken))
                {
                    Route(e);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The sandbox is stopping.
            }
        }
    }

    /// <summary>The informers' event handlers: which keys a change concerns.</summary>
    private void Route(StoreEvent e)
    {
        var obj = e.Object;
        var ns = obj.Ns();
        if (e.StorageKey == types.Deployments.EffectiveStorageKey)
        {
            queue.Add(new WorkItem(WorkloadKind.Deployment, ns, obj.Name()));
        }
        else if (e.StorageKey == types.ReplicaSets.EffectiveStorageKey)
        {
            if (e.Type == WatchEventType.Added)
            {
                replicaSets.RequestClaim(ns, obj.Name());
            }

            queue.Add(new WorkItem(WorkloadKind.ReplicaSet, ns, obj.Name()));
            if (Pods.ControllerRef(obj) is { } owner)
            {
                if (owner.Str("kind") == "Deployment")
                {
                    queue.Add(new WorkItem(WorkloadKind.Deployment, ns, owner.Str("name") ?? ""));
                }
            }
            else if (e.Type != WatchEventType.Deleted)
            {
                // An orphan: the Deployments whose selector matches may adopt it.
                foreach (var d in Selecting(types.Deployments.EffectiveStorageKey, ns, obj))
                {
                    queue.Add(new WorkItem(WorkloadKind.Deployment, ns, d.Name()));
                }
            }
        }
        else if (e.StorageKey == types.Jobs.EffectiveStorageKey)
        {
            queue.Add(new WorkItem(WorkloadKind.Job, ns, obj.Name()));
        }
        else if (e.StorageKey == types.Pods.EffectiveStorageKey)
        {
            switch (Pods.ControllerRef(obj))
            {
                case { } owner when owner.Str("kind") == Pods.ReplicaSetKind:
                    queue.Add(new WorkItem(WorkloadKind.ReplicaSet, ns, owner.Str("name") ?? ""));
                    break;
                case { } owner when owner.Str("kind") == "Job":
                    queue.Add(new WorkItem(WorkloadKind.Job, ns, owner.Str("name") ?? ""));
                    break;
                case null when e.Type != WatchEventType.Deleted && !obj.IsTerminating():
                    // An orphan: the ReplicaSets whose selector matches may adopt it.
                    foreach (var rs in Selecting(types.ReplicaSets.EffectiveStorageKey, ns, obj))
                    {
                        replicaSets.RequestClaim(ns, rs.Name());
                        queue.Add(new WorkItem(WorkloadKind.ReplicaSet, ns, rs.Name()));
                    }

                    break;
            }
        }
    }

    /// <summary>The controllers of one kind in <paramref name="ns"/> whose selector matches the object's labels.</summary>
    private IEnumerable<JsonObject> Selecting(string storageKey, string ns, JsonObject obj) =>
        service.Store.List(storageKey, ns).Items.Where(c => c.At("spec", "selector") is JsonObject s && LabelSelector.FromObject(s).Matches(obj.Labels()));

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var item = await queue.TakeAsync(cancellationToken);
                try
                {
                    // One reconcile sees one consistent state: clients' writes wait for it (the store lock is re-entrant).
                    lock (service.Store.Sync)
                    {
                        switch (item.Kind)
                        {
                            case WorkloadKind.Deployment:
                                deployments.Sync(item.Namespace, item.Name);
                                break;
                            case WorkloadKind.ReplicaSet:
                                replicaSets.Sync(item.Namespace, item.Name);
                                break;
                            case WorkloadKind.Job:
                                jobs.Sync(item.Namespace, item.Name);
                                break;
                        }
                    }
                }
                catch (ApiException ex)
                {
                    // Races with clients (409, 404, 403 in a terminating namespace): retry shortly, as the rate-limited queue does.
                    Log.SyncRefused(logger, item.Kind, item.Namespace, item.Name, ex.Code, ex.Message);
                    if (ex.Code != 403)
                    {
                        queue.AddAfter(item, TimeSpan.FromMilliseconds(50));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The sandbox is stopping.
        }
    }
}
