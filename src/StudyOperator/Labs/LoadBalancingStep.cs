using System.Globalization;
using StudyOperator.Api.V1Alpha1;

namespace StudyOperator.Labs;

/// <summary>
/// LoadBalancing: once the Deployment is whole, record and create a probe Job that sends N requests through the
/// Service; when its pod has ended, read the answers per pod from the termination message and compute the shares
/// and the balance figure over every pod that was serving.
/// </summary>
internal static class LoadBalancingStep
{
    /// <summary>How long the Deployment may take to be whole before the probe starts, and a Job to appear in the cache.</summary>
    public const long StartTimeoutMs = 120_000;
    public const long MissingJobGraceMs = 10_000;

    public static StepOutcome Advance(StepContext context, V1Alpha1StepStatus step)
    {
        var parameters = context.Spec.LoadBalancing ?? new V1Alpha1LoadBalancingParameters();
        if (step.Probe is null)
        {
            return Start(context, step, () => ProbeJobs.LoadBalancing(context.Lab, context.Index, parameters, context.OperatorImage));
        }

        var timeoutMs = TimeoutMs(parameters);
        switch (ProbeRuns.Read(context, step.Probe.Job))
        {
            case ProbeRunState.Finished finished:
                step.Probe.FinishedAtMs = context.NowMs;
                return Finish(context, step, finished.Result, parameters);
            case ProbeRunState.Broken broken:
                return StepRecords.Fail(context, step, broken.Reason);
            case ProbeRunState.Missing when context.NowMs - step.Probe.RequestedAtMs > MissingJobGraceMs:
                // Recorded but never created (a crash between the status write and the create), or already removed:
                // create the same Job again; a Job of that name that exists is left alone.
                context.Actions.Add(new CreateJobAction(ProbeJobs.LoadBalancing(context.Lab, context.Index, parameters, context.OperatorImage)));
                break;
        }

        var elapsed = context.NowMs - step.Probe.RequestedAtMs;
        return elapsed > timeoutMs
            ? StepRecords.Fail(context, step, $"the probe Job {step.Probe.Job} gave no result within {timeoutMs / 1000} s")
            : StepOutcome.WaitMs(Math.Min(timeoutMs - elapsed + 1, MissingJobGraceMs + 1));
    }

    /// <summary>Waits for a whole Deployment, then records the probe Job before creating it.</summary>
    internal static StepOutcome Start(StepContext context, V1Alpha1StepStatus step, Func<k8s.Models.V1Job> build)
    {
        var since = step.StartedAtMs ?? context.NowMs;
        if (!context.DeploymentWhole())
        {
            return context.NowMs - since > StartTimeoutMs
                ? StepRecords.Fail(context, step, $"the Deployment was not whole within {StartTimeoutMs / 1000} s ({context.ReadySummary()})")
                : StepOutcome.WaitMs(since + StartTimeoutMs - context.NowMs + 1);
        }

        var job = build();
        step.Probe = new V1Alpha1ProbeRun { Job = job.Metadata.Name, RequestedAtMs = context.NowMs };
        step.Message = $"probe Job {job.Metadata.Name} sends traffic through Service {context.ServiceName}";
        context.Actions.Add(new CreateJobAction(job));
        return StepOutcome.WaitMs(MissingJobGraceMs + 1);
    }

    /// <summary>A count-mode probe needs at most requests × the 2 s request timeout / concurrency, plus time to start.</summary>
    internal static long TimeoutMs(V1Alpha1LoadBalancingParameters parameters)
    {
        var requests = Math.Clamp(parameters.Requests, 10, 10_000);
        var concurrency = Math.Clamp(parameters.Concurrency, 1, 20);
        return 120_000 + (requests * 2_000L / concurrency);
    }

    private static StepOutcome Finish(StepContext context, V1Alpha1StepStatus step, Probe.ProbeResult probe, V1Alpha1LoadBalancingParameters parameters)
    {
        var serving = context.OwnedPods.Where(LabPods.IsServing).Select(p => p.Metadata.Name);
        var (perPod, figure) = Balance.Compute(probe.Pods, serving);
        var failed = (long)probe.Failed.Total;
        var result = new V1Alpha1StepResult
        {
            Requests = probe.Total,
            Failed = failed,
            AnswersPerPod = perPod,
            Balance = figure,
        };
        context.Measurements.AddRange(perPod.Select(p => new AnswersMeasured(p.Pod, p.Count)));
        if (probe.Ok == 0)
        {
            return StepRecords.Fail(context, step, $"none of the {probe.Total} requests through Service {context.ServiceName} got an answer ({failed} failed)", result);
        }

        var keepAlive = !parameters.NewConnectionPerRequest;
        var message = string.Create(CultureInfo.InvariantCulture,
            $"{probe.Total} requests{(keepAlive ? " over kept-alive connections" : ", a new connection each")}, {failed} failed; answers {string.Join(", ", perPod.Select(p => $"{p.Pod} {p.Share}"))}; balance (busiest/quietest) {figure ?? "-"}");
        if (!probe.Complete)
        {
            message += "; the probe was stopped before it sent every request";
        }

        var lesson = LabLessons.LoadBalancing(context.Lab.Spec.Language, probe.Total, perPod.Count, figure, keepAlive);
        return StepRecords.Succeed(context, step, message, result, lesson);
    }
}
