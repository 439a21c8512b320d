using k8s;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Reconciliation;

namespace StudyOperator.Labs;

/// <summary>
/// Runs a lab's steps in order as a state machine persisted in status. <see cref="Advance"/> is a pure decision on
/// the observed status and the caches: it returns the status to write and the actions to take *after* that write,
/// so every destructive action is on record before it happens and a restart re-applies it only to recorded targets.
/// </summary>
/// <param name="operatorImage">The image probe Jobs run (the operator's own, unless the lab names another).</param>
/// <param name="session">Identifies this operator run; intents recorded by another run were cut by a restart.</param>
internal sealed class LabEngine(string operatorImage, string session)
{
    public string Session { get; } = session;

    public static string NewSession() => Guid.NewGuid().ToString("N")[..12];

    public EngineStep Advance(V1Alpha1StudyLab lab, V1Alpha1StudyLabStatus observed, LabObservation observation)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(observation);

        // The observed status shares objects with the informer cache, which must never be modified.
        var status = KubernetesJson.Deserialize<V1Alpha1StudyLabStatus>(KubernetesJson.Serialize(observed));
        status.Steps = AlignSteps(lab, status.Steps);
        var now = observation.Now.UtcDateTime;
        var generation = lab.Metadata.Generation ?? 0;

        if (status.Phase is LabPhase.Succeeded or LabPhase.Failed)
        {
            var finalActions = ResendRestores(lab, status, observation);
            List<LabEvent> finalEvents = [];
            LabTraffic.Collect(lab, status, observation, Session, finalActions, finalEvents);
            return new EngineStep(status, finalActions, finalEvents, [], null);
        }

        if (status.Phase is not LabPhase.Running)
        {
            if (ConditionSet.Find(status.Conditions, LabConditions.Ready)?.Status != "True")
            {
                status.Conditions = SetCompleted(status, false, LabConditions.Reasons.NotStarted, "waiting for the workload to be ready before the first step", generation, now);
                return new EngineStep(status, [], [], [], null);
            }

            status.Phase = LabPhase.Running;
        }

        List<LabAction> actions = [];
        if (LabTraffic.Hold(lab, status, observation, operatorImage, actions) is { } hold)
        {
            status.CurrentStep = $"0/{status.Steps.Count} starting traffic";
            status.Conditions = SetCompleted(status, false, LabConditions.Reasons.StepsRunning, "waiting for the background traffic to flow before the first step", generation, now);
            return new EngineStep(status, actions, [], [], hold);
        }

        var index = status.Steps.ToList().FindIndex(s => s.Phase is StepPhase.Pending or StepPhase.Running);
        List<LabEvent> events = [];
        List<LabMeasurement> measurements = [];
        TimeSpan? requeue = null;
        while (index >= 0)
        {
            var context = new StepContext(lab, index, observation, Session, operatorImage);
            var step = status.Steps[index];
            if (step.Phase == StepPhase.Pending)
            {
                step.Phase = StepPhase.Running;
                step.StartedAtMs = observation.NowMs;
                step.StartedAt = LabTime.Seconds(observation.NowMs);
                step.Message = "started";
                if (status.Traffic is not null)
                {
                    step.Traffic = LabTraffic.Open(observation);
                }
            }

            var outcome = step.Type switch
            {
                StepType.SelfHealing => SelfHealingStep.Advance(context, step),
                StepType.LoadBalancing => LoadBalancingStep.Advance(context, step),
                StepType.Failover => FailoverStep.Advance(context, step),
                _ => StepRecords.Fail(context, step, $"unknown step type {step.Type}"),
            };
            actions.AddRange(context.Actions);
            events.AddRange(context.Events);
            measurements.AddRange(context.Measurements);
            status.CurrentStep = $"{index + 1}/{status.Steps.Count} {step.Type}";
            if (!outcome.Finished || step.Phase == StepPhase.Failed)
            {
                requeue = outcome.Requeue;
                break;
            }

            // A finished step hands over to the next one in the same pass, unless it queued actions: those must
            // happen (after the status write) before the next step acts on the workload.
            index = index + 1 < status.Steps.Count ? index + 1 : -1;
            if (context.Actions.Count > 0 && index >= 0)
            {
                requeue = TimeSpan.Zero;
                break;
            }
        }

        status.Summary = Summary(status.Steps);
        var failed = status.Steps.Select((s, i) => (s, i)).FirstOrDefault(x => x.s.Phase == StepPhase.Failed);
        if (failed.s is not null)
        {
            events.Add(new LabEvent(Kube.EventRecorder.Warning, "LabFailed", $"step {failed.i + 1}/{status.Steps.Count} {failed.s.Type} failed: {failed.s.Message}"));
            status.Phase = LabPhase.Failed;
            status.Conditions = SetCompleted(status, true, LabConditions.Reasons.StepFailed, $"step {failed.i + 1}/{status.Steps.Count} {failed.s.Type} failed: {failed.s.Message}", generation, now);
            requeue = null;
            LabTraffic.Stop(lab, status, observation, Session, actions);
        }
        else if (status.Steps.All(s => s.Phase == StepPhase.Succeeded))
        {
            events.Add(new LabEvent(Kube.EventRecorder.Normal, "LabSucceeded", $"all {status.Steps.Count} steps succeeded; {Headline(status.Summary)}"));
            status.Phase = LabPhase.Succeeded;
            status.CurrentStep = $"done {status.Steps.Count}/{status.Steps.Count}";
            status.Conditions = SetCompleted(status, true, LabConditions.Reasons.AllStepsSucceeded, $"all {status.Steps.Count} steps succeeded", generation, now);
            requeue = null;
            LabTraffic.Stop(lab, status, observation, Session, actions);
        }
        else
        {
            status.Conditions = SetCompleted(status, false, LabConditions.Reasons.StepsRunning, $"running step {status.CurrentStep}", generation, now);
        }

        return new EngineStep(status, actions, events, measurements, requeue);
    }

    /// <summary>
    /// A finished lab is not acted on again, with one exception: a Failover step that failed after its fault was
    /// injected asked for a restore in the same pass. If the operator died before sending it, the next operator run
    /// sends the same reset once to the same pod (recording its session first), so no pod stays broken.
    /// </summary>
    private List<LabAction> ResendRestores(V1Alpha1StudyLab lab, V1Alpha1StudyLabStatus status, LabObservation observation)
    {
        List<LabAction> actions = [];
        for (var i = 0; i < status.Steps!.Count; i++)
        {
            if (status.Steps[i] is { Phase: StepPhase.Failed, Fault: { RestoreRequestedAtMs: not null } fault } && fault.Session != Session)
            {
                fault.Session = Session;
                var context = new StepContext(lab, i, observation, Session, operatorImage);
                if (context.OwnedPods.Any(p => p.Metadata.Uid == fault.Pod.Uid && !LabPods.IsTerminating(p)))
                {
                    actions.Add(new PodFaultAction(lab.Metadata.NamespaceProperty, fault.Pod.Name, fault.Pod.Uid, PodFaultAction.Reset));
                }
            }
        }

        return actions;
    }

    /// <summary>One status entry per spec step, in order; an entry whose type no longer matches the spec starts over.</summary>
    internal static IList<V1Alpha1StepStatus> AlignSteps(V1Alpha1StudyLab lab, IList<V1Alpha1StepStatus>? existing)
    {
        var steps = new List<V1Alpha1StepStatus>();
        for (var i = 0; i < Math.Min(lab.Spec.Steps.Count, LabBounds.MaxSteps); i++)
        {
            var type = lab.Spec.Steps[i].Type;
            steps.Add(existing is not null && i < existing.Count && existing[i].Type == type
                ? existing[i]
                : new V1Alpha1StepStatus { Type = type, Phase = StepPhase.Pending });
        }

        return steps;
    }

    /// <summary>The headline numbers for kubectl get, from the first step of each type that measured them.</summary>
    internal static V1Alpha1LabSummary? Summary(IList<V1Alpha1StepStatus> steps)
    {
        var recovery = steps.FirstOrDefault(s => s.Type == StepType.SelfHealing && s.Result?.RecoveryP50Ms is not null)?.Result!.RecoveryP50Ms;
        var balance = steps.FirstOrDefault(s => s.Type == StepType.LoadBalancing && s.Result?.Balance is not null)?.Result!.Balance;
        var failover = steps.FirstOrDefault(s => s.Type == StepType.Failover && s.Result?.DetectionMs is not null)?.Result!.DetectionMs;
        return recovery is null && balance is null && failover is null
            ? null
            : new V1Alpha1LabSummary
            {
                Recovery = recovery is { } r ? $"{r}ms" : null,
                Balance = balance,
                Failover = failover is { } f ? $"{f}ms" : null,
            };
    }

    private static string Headline(V1Alpha1LabSummary? summary) =>
        string.Join(", ", new[]
        {
            summary?.Recovery is { } r ? $"recovery p50 {r}" : null,
            summary?.Balance is { } b ? $"balance {b}" : null,
            summary?.Failover is { } f ? $"failover detection {f}" : null,
        }.OfType<string>()) is { Length: > 0 } text ? text : "no headline numbers";

    private static IList<k8s.Models.V1Condition> SetCompleted(V1Alpha1StudyLabStatus status, bool done, string reason, string message, long generation, DateTime now) =>
        ConditionSet.Set(status.Conditions, new k8s.Models.V1Condition
        {
            Type = LabConditions.Completed,
            Status = done ? "True" : "False",
            Reason = reason,
            Message = message.Length > 1024 ? message[..1021] + "..." : message,
            ObservedGeneration = generation,
            LastTransitionTime = now,
        });
}
