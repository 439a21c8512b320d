using System.Collections.Concurrent;
using k8s.Models;
using Microsoft.Extensions.Logging;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Controller;
using StudyOperator.Kube;
using StudyOperator.Labs;
using StudyOperator.Workload;

namespace StudyOperator.Reconciliation;

/// <summary>
/// Reconciles one StudyLab: validate, ensure its Deployment and Service, observe the workload, let the lab engine
/// advance the steps, write status once if it changed, then perform the engine's recorded actions and tell the
/// story in Events and metrics.
/// </summary>
internal sealed class StudyLabReconciler(
    LabChildren children,
    Informer<V1Deployment> deployments,
    LabStatusWriter statuses,
    EventRecorder events,
    LabCaches caches,
    LabEngine engine,
    LabActions actions,
    LabMetrics labMetrics,
    TimeProvider time,
    string operatorImage,
    ILogger<StudyLabReconciler> logger) : IReconciler<V1Alpha1StudyLab>
{
    /// <summary>A safety net only: the watch event of our own status write normally enqueues the lab much sooner.</summary>
    private static readonly TimeSpan OwnWriteRecheck = TimeSpan.FromSeconds(1);

    // Per lab, the resourceVersion our last status write replaced. While the cache still shows that version, a pass
    // (triggered by a pod or endpoint event) would decide on a status that is already outdated; its write could only
    // end in a 409, so it is skipped until the cache has caught up.
    private readonly ConcurrentDictionary<ObjectKey, string> writtenOver = new();

    public async Task<ReconcileResult> ReconcileAsync(V1Alpha1StudyLab lab, CancellationToken cancellationToken)
    {
        if (lab.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done(); // children go with the lab (ownerReferences + garbage collection)
        }

        var key = ObjectKey.Of(lab);
        if (writtenOver.TryGetValue(key, out var replaced))
        {
            if (replaced == lab.Metadata.ResourceVersion)
            {
                return ReconcileResult.RequeueAfter(OwnWriteRecheck);
            }

            writtenOver.TryRemove(key, out _);
        }

        if (LabValidation.Check(lab) is { } problem)
        {
            return await ReportInvalidAsync(lab, problem, cancellationToken);
        }

        // The Deployment and the Service do not depend on each other: both writes are under way before either is awaited.
        var deploymentWrite = children.EnsureDeploymentAsync(LabDeployment.Build(lab, operatorImage), cancellationToken);
        var serviceWrite = children.EnsureServiceAsync(LabService.Build(lab), cancellationToken);
        var deployment = await deploymentWrite;
        var service = await serviceWrite;
        Announce(lab, "Deployment", LabNames.Deployment(lab), deployment);
        Announce(lab, "Service", LabNames.Service(lab), service);
        if (LabChildren.NotCachedYet(deployment) || LabChildren.NotCachedYet(service))
        {
            // The caches cannot show a child created a moment ago, so a status observed now could only say "missing".
            // The create's own watch event brings the lab back at once with the child in the cache; that pass writes it.
            return ReconcileResult.RequeueAfter(OwnWriteRecheck);
        }

        var status = LabStatusObserver.Observe(lab, deployments.Get(new ObjectKey(lab.Metadata.NamespaceProperty, LabNames.Deployment(lab))), Now);
        var observation = caches.Observe(lab, time.GetUtcNow());
        if (LabTraffic.PodToRead(lab, status, observation) is { } trafficPod)
        {
            // The engine takes no I/O: the background probe's counters are read here and handed to it as an observation.
            observation = observation with { Traffic = await actions.ReadTrafficAsync(trafficPod, cancellationToken) };
        }

        var step = engine.Advance(lab, status, observation);
        await WriteStatusAsync(lab, step.Status, cancellationToken);
        await actions.PerformAsync(step.Actions, cancellationToken); // only now: their intent is on record
        foreach (var measurement in step.Measurements)
        {
            labMetrics.Record(lab, measurement);
        }

        foreach (var ev in step.Events)
        {
            events.Record(lab, ev.Type, ev.Reason, ev.Message);
        }

        return step.Requeue is { } after ? ReconcileResult.RequeueAfter(after) : ReconcileResult.Done();
    }

    public Task<ReconcileResult> ReconcileDeletedAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        writtenOver.TryRemove(key, out _);
        return Task.FromResult(ReconcileResult.Done());
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private async Task<ReconcileResult> ReportInvalidAsync(V1Alpha1StudyLab lab, SpecProblem problem, CancellationToken cancellationToken)
    {
        Log.InvalidSpec(logger, lab.Metadata.NamespaceProperty, lab.Metadata.Name, problem.ToString());
        await WriteStatusAsync(lab, LabStatusObserver.Invalid(lab, problem, Now), cancellationToken);
        // Not retried: the spec has to change first, and a change enqueues the lab again.
        return ReconcileResult.TerminalFailure($"invalid spec: {problem}");
    }

    private async Task WriteStatusAsync(V1Alpha1StudyLab lab, V1Alpha1StudyLabStatus status, CancellationToken cancellationToken)
    {
        if (!await statuses.WriteIfChangedAsync(lab, status, cancellationToken))
        {
            return;
        }

        writtenOver[ObjectKey.Of(lab)] = lab.Metadata.ResourceVersion;

        foreach (var (type, reason, message) in Transitions(lab.Status, status))
        {
            events.Record(lab, type, reason, message);
        }
    }

    private void Announce(V1Alpha1StudyLab lab, string kind, string name, LabChildren.Outcome outcome)
    {
        if (outcome is LabChildren.Outcome.Unchanged or LabChildren.Outcome.Expected)
        {
            return;
        }

        var verb = outcome == LabChildren.Outcome.Created ? "Created" : "Updated";
        Log.ChildWritten(logger, verb, kind, lab.Metadata.NamespaceProperty, name);

        // Creating the children is part of every lab's start and is told once, by the Ready event (which names them);
        // an update is news: the spec changed or someone edited the child, and the Deployment rolls.
        if (outcome == LabChildren.Outcome.Updated)
        {
            events.Record(lab, EventRecorder.Normal, verb, $"updated {kind} {name} to match the lab's spec");
        }
    }

    /// <summary>Events for conditions that flipped (or appeared) between two statuses.</summary>
    internal static IEnumerable<(string Type, string Reason, string Message)> Transitions(V1Alpha1StudyLabStatus? before, V1Alpha1StudyLabStatus after)
    {
        foreach (var condition in after.Conditions ?? [])
        {
            var previous = ConditionSet.Find(before?.Conditions, condition.Type);
            if (previous?.Status == condition.Status && previous.Reason == condition.Reason)
            {
                continue;
            }

            var interesting = (condition.Type, condition.Status) switch
            {
                (LabConditions.Ready, "True") => true,
                (LabConditions.Ready, "False") => previous?.Status == "True",
                (LabConditions.Degraded, "True") => true,
                _ => false,
            };
            if (interesting)
            {
                var type = condition.Type == LabConditions.Degraded || condition.Status == "False" ? EventRecorder.Warning : EventRecorder.Normal;
                yield return (type, condition.Reason, condition.Message);
            }
        }
    }
}
