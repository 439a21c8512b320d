using System.Globalization;
using k8s.Models;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Probe;

namespace StudyOperator.Labs;

/// <summary>
/// Failover: start rate-mode traffic through the Service; once it flows, record one owned, serving pod and switch it
/// to <c>failing</c>; time until that pod is no longer a ready endpoint of the Service; when the traffic ends, split
/// its failures into "during detection" and "after"; then restore the pod and wait until it serves again.
/// </summary>
internal static class FailoverStep
{
    public const long TrafficStartTimeoutMs = 120_000;
    public const long RestoreTimeoutMs = 60_000;

    public static StepOutcome Advance(StepContext context, V1Alpha1StepStatus step)
    {
        var parameters = context.Spec.Failover ?? new V1Alpha1FailoverParameters();
        if (step.Probe is null)
        {
            return LoadBalancingStep.Start(context, step, () => ProbeJobs.Failover(context.Lab, context.Index, parameters, context.OperatorImage));
        }

        var probe = ProbeRuns.Read(context, step.Probe.Job);
        if (probe is ProbeRunState.Missing && step.Fault is null && context.NowMs - step.Probe.RequestedAtMs > LoadBalancingStep.MissingJobGraceMs)
        {
            context.Actions.Add(new CreateJobAction(ProbeJobs.Failover(context.Lab, context.Index, parameters, context.OperatorImage)));
        }

        return step.Fault switch
        {
            null => Inject(context, step, probe),
            { RestoreRequestedAtMs: { } restoreAt } fault => AwaitRestore(context, step, fault, restoreAt),
            { DetectedAtMs: null } fault => AwaitDetection(context, step, fault, parameters),
            var fault => AwaitTraffic(context, step, fault, probe, parameters),
        };
    }

    private static StepOutcome Inject(StepContext context, V1Alpha1StepStatus step, ProbeRunState probe)
    {
        switch (probe)
        {
            case ProbeRunState.Broken broken:
                return StepRecords.Fail(context, step, broken.Reason);
            case ProbeRunState.Finished:
                return StepRecords.Fail(context, step, $"the probe Job {step.Probe!.Job} ended before the fault could be injected");
            case ProbeRunState.Running:
                break;
            default:
                var waited = context.NowMs - step.Probe!.RequestedAtMs;
                return waited > TrafficStartTimeoutMs
                    ? StepRecords.Fail(context, step, $"the probe Job {step.Probe.Job} did not start sending within {TrafficStartTimeoutMs / 1000} s")
                    : StepOutcome.WaitMs(Math.Min(TrafficStartTimeoutMs - waited + 1, LoadBalancingStep.MissingJobGraceMs + 1));
        }

        var target = context.OwnedPods.FirstOrDefault(p => LabPods.IsServing(p) && ReadyEndpoint(context, p.Metadata.Uid, p.Metadata.Name) == true);
        if (target is null || context.OwnedPods.Count(LabPods.IsServing) < 2)
        {
            var waited = context.NowMs - step.Probe!.RequestedAtMs;
            return waited > TrafficStartTimeoutMs
                ? StepRecords.Fail(context, step, $"no two serving pods behind Service {context.ServiceName} to fail over between ({context.ReadySummary()})")
                : StepOutcome.WaitMs(1_000);
        }

        step.Fault = new V1Alpha1FaultRecord
        {
            Pod = new V1Alpha1PodRef { Name = target.Metadata.Name, Uid = target.Metadata.Uid },
            InjectedAtMs = context.NowMs,
            Session = context.Session,
        };
        step.Message = $"pod {target.Metadata.Name} switched to failing; waiting for it to leave the endpoints of Service {context.ServiceName}";
        context.Actions.Add(new PodFaultAction(context.Namespace, target.Metadata.Name, target.Metadata.Uid, PodFaultAction.Failing));
        return StepOutcome.Wait(TimeSpan.FromSeconds(1));
    }

    private static StepOutcome AwaitDetection(StepContext context, V1Alpha1StepStatus step, V1Alpha1FaultRecord fault, V1Alpha1FailoverParameters parameters)
    {
        var pod = FaultedPod(context, fault);
        if (fault.Session != context.Session)
        {
            // Another operator run injected the fault (or recorded it and crashed before sending it): the time from
            // then is not this run's to report. Send the same fault to the same pod again; it is idempotent.
            fault.DetectionInterrupted = true;
            fault.Session = context.Session;
            if (pod is not null)
            {
                context.Actions.Add(new PodFaultAction(context.Namespace, fault.Pod.Name, fault.Pod.Uid, PodFaultAction.Failing));
            }
        }

        if (pod is null || ReadyEndpoint(context, fault.Pod.Uid, fault.Pod.Name) != true)
        {
            fault.DetectedAtMs = context.NowMs;
            if (fault.DetectionInterrupted != true)
            {
                var detection = fault.DetectedAtMs.Value - fault.InjectedAtMs;
                context.Measurements.Add(new DetectionMeasured(detection));
                step.Message = $"pod {fault.Pod.Name} left the endpoints {detection} ms after the fault; traffic continues";
            }
            else
            {
                step.Message = $"pod {fault.Pod.Name} left the endpoints; not timed, the operator restarted in between";
            }

            return StepOutcome.Wait(TimeSpan.Zero);
        }

        var timeoutMs = Math.Clamp(parameters.TimeoutSeconds, 10, 300) * 1000L;
        var elapsed = context.NowMs - fault.InjectedAtMs;
        if (elapsed > timeoutMs)
        {
            Restore(context, fault);
            return StepRecords.Fail(context, step, $"pod {fault.Pod.Name} was still a ready endpoint of Service {context.ServiceName} {timeoutMs / 1000} s after it started failing; is its readiness probe off? The pod was restored.");
        }

        return StepOutcome.WaitMs(timeoutMs - elapsed + 1);
    }

    private static StepOutcome AwaitTraffic(StepContext context, V1Alpha1StepStatus step, V1Alpha1FaultRecord fault, ProbeRunState probe, V1Alpha1FailoverParameters parameters)
    {
        switch (probe)
        {
            case ProbeRunState.Finished finished:
                step.Probe!.FinishedAtMs = context.NowMs;
                step.Result = Measure(fault, finished.Result);
                Restore(context, fault);
                step.Message = $"traffic ended; restoring pod {fault.Pod.Name}";
                return StepOutcome.Wait(TimeSpan.FromSeconds(1));
            case ProbeRunState.Broken broken:
                Restore(context, fault);
                return StepRecords.Fail(context, step, broken.Reason + "; the pod was restored");
            default:
                var limit = Math.Clamp(parameters.ObserveSeconds, 5, 120) * 1000L + TrafficStartTimeoutMs;
                var elapsed = context.NowMs - step.Probe!.RequestedAtMs;
                if (elapsed > limit)
                {
                    Restore(context, fault);
                    return StepRecords.Fail(context, step, $"the probe Job {step.Probe.Job} gave no result within {limit / 1000} s; the pod was restored");
                }

                return StepOutcome.WaitMs(Math.Min(limit - elapsed + 1, 5_000));
        }
    }

    private static StepOutcome AwaitRestore(StepContext context, V1Alpha1StepStatus step, V1Alpha1FaultRecord fault, long restoreAt)
    {
        var pod = FaultedPod(context, fault);
        if (fault.Session != context.Session && pod is not null)
        {
            // The restore may not have been sent before a restart: send it again, to the same pod only.
            fault.Session = context.Session;
            context.Actions.Add(new PodFaultAction(context.Namespace, fault.Pod.Name, fault.Pod.Uid, PodFaultAction.Reset));
        }

        if (pod is not null && ReadyEndpoint(context, fault.Pod.Uid, fault.Pod.Name) != true)
        {
            var waited = context.NowMs - restoreAt;
            return waited > RestoreTimeoutMs
                ? StepRecords.Fail(context, step, $"pod {fault.Pod.Name} did not serve again within {RestoreTimeoutMs / 1000} s after its fault was reset", step.Result)
                : StepOutcome.WaitMs(RestoreTimeoutMs - waited + 1);
        }

        var result = step.Result ?? new V1Alpha1StepResult();
        var message = string.Create(CultureInfo.InvariantCulture,
            $"pod {fault.Pod.Name} left the endpoints {(result.DetectionMs is { } d ? $"{d} ms" : "(not timed: operator restart)")} after the fault; failed requests {result.FailedDuringDetection?.ToString(CultureInfo.InvariantCulture) ?? "-"} during detection, {result.FailedAfterDetection?.ToString(CultureInfo.InvariantCulture) ?? "-"} after, {result.Failed}/{result.Requests} overall; pod restored");
        var lesson = LabLessons.Failover(context.Lab.Spec.Language, fault.Pod.Name, result.DetectionMs, result.FailedDuringDetection, result.FailedAfterDetection, result.Requests ?? 0, result.Failed ?? 0);
        return StepRecords.Succeed(context, step, message, result, lesson);
    }

    /// <summary>
    /// Splits the probe's failures at the detection moment. Each error window (a run of consecutive failures) counts
    /// by the time its first request started, on the probe's clock: before the fault, during detection, or after.
    /// </summary>
    internal static V1Alpha1StepResult Measure(V1Alpha1FaultRecord fault, ProbeResult probe)
    {
        var result = new V1Alpha1StepResult
        {
            Requests = probe.Total,
            Failed = probe.Failed.Total,
            FaultedPod = fault.Pod.Name,
        };
        if (fault.DetectionInterrupted == true || fault.DetectedAtMs is not { } detectedAt)
        {
            return result;
        }

        var startMs = probe.StartedAt.ToUnixTimeMilliseconds();
        long during = 0, after = 0;
        foreach (var window in probe.ErrorWindows)
        {
            var at = startMs + window.OffsetMs;
            if (at >= detectedAt)
            {
                after += window.Failed;
            }
            else if (at >= fault.InjectedAtMs)
            {
                during += window.Failed;
            }
        }

        result.DetectionMs = detectedAt - fault.InjectedAtMs;
        result.FailedDuringDetection = during;
        result.FailedAfterDetection = after;
        return result;
    }

    private static void Restore(StepContext context, V1Alpha1FaultRecord fault)
    {
        fault.RestoreRequestedAtMs = context.NowMs;
        if (FaultedPod(context, fault) is not null)
        {
            context.Actions.Add(new PodFaultAction(context.Namespace, fault.Pod.Name, fault.Pod.Uid, PodFaultAction.Reset));
        }

    }

    private static V1Pod? FaultedPod(StepContext context, V1Alpha1FaultRecord fault) =>
        context.OwnedPods.FirstOrDefault(p => p.Metadata.Uid == fault.Pod.Uid && !LabPods.IsTerminating(p));

    /// <summary>
    /// True when the pod is a ready endpoint of the lab's Service, false when listed as not ready, null when absent.
    /// Endpoints are matched by the pod's UID in targetRef; by name only when a targetRef carries no UID.
    /// </summary>
    internal static bool? ReadyEndpoint(StepContext context, string podUid, string podName)
    {
        bool? found = null;
        foreach (var slice in context.Observation.EndpointSlices.Where(s =>
            s.Metadata.NamespaceProperty == context.Namespace
            && s.Metadata.Labels?.TryGetValue("kubernetes.io/service-name", out var service) == true && service == context.ServiceName))
        {
            foreach (var endpoint in slice.Endpoints ?? [])
            {
                if (endpoint.TargetRef is { } target
                    && (target.Uid == podUid || (string.IsNullOrEmpty(target.Uid) && target.Name == podName)))
                {
                    // Kubernetes: a nil "ready" means ready.
                    var ready = endpoint.Conditions?.Ready ?? true;
                    found = (found ?? false) || ready;
                }
            }
        }

        return found;
    }
}
