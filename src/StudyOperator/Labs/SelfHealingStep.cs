using System.Globalization;
using StudyOperator.Api.V1Alpha1;

namespace StudyOperator.Labs;

/// <summary>
/// SelfHealing: per round, record the pods to delete (name + UID) and the time, then delete them; the round ends on
/// the first pass that observes the Deployment whole again without those pods. A round that another operator run
/// started is marked interrupted instead of reporting a time inflated by the operator's downtime.
/// </summary>
internal static class SelfHealingStep
{
    public static StepOutcome Advance(StepContext context, V1Alpha1StepStatus step)
    {
        var parameters = context.Spec.SelfHealing ?? new V1Alpha1SelfHealingParameters();
        var podsPerRound = Math.Clamp(parameters.PodsPerRound, 1, context.Replicas);
        var rounds = Math.Clamp(parameters.Rounds, 1, 20);
        var timeoutMs = Math.Clamp(parameters.TimeoutSeconds, 10, 600) * 1000L;
        step.Rounds ??= [];

        if (step.Rounds.LastOrDefault() is { RecoveredAtMs: null } open)
        {
            return AdvanceOpenRound(context, step, open, timeoutMs);
        }

        if (step.Rounds.Count >= rounds)
        {
            return Finish(context, step, podsPerRound);
        }

        var waitingSince = step.Rounds.LastOrDefault()?.RecoveredAtMs ?? step.StartedAtMs ?? context.NowMs;
        var number = step.Rounds.Count + 1;
        var targets = context.OwnedPods.Where(LabPods.IsServing).Take(podsPerRound).ToList();
        if (!context.DeploymentWhole() || targets.Count < podsPerRound)
        {
            if (context.NowMs - waitingSince > timeoutMs)
            {
                return StepRecords.Fail(context, step, $"round {number}: the Deployment was not whole within {timeoutMs / 1000} s before deleting pods ({context.ReadySummary()})", Result(step));
            }

            return StepOutcome.WaitMs(waitingSince + timeoutMs - context.NowMs + 1);
        }

        var round = new V1Alpha1HealingRound
        {
            Round = number,
            Pods = [.. targets.Select(p => new V1Alpha1PodRef { Name = p.Metadata.Name, Uid = p.Metadata.Uid })],
            DeleteIssuedAtMs = context.NowMs,
            Session = context.Session,
        };
        step.Rounds.Add(round);
        step.Message = $"round {number}/{rounds}: deleting {string.Join(", ", round.Pods.Select(p => p.Name))}";
        context.Actions.AddRange(round.Pods.Select(p => new DeletePodAction(context.Namespace, p.Name, p.Uid)));
        return StepOutcome.WaitMs(timeoutMs + 1);
    }

    private static StepOutcome AdvanceOpenRound(StepContext context, V1Alpha1StepStatus step, V1Alpha1HealingRound round, long timeoutMs)
    {
        if (round.Session != context.Session)
        {
            // The operator was down for part of the round: its time would be inflated by the downtime.
            round.Interrupted = true;
            round.Session = context.Session;
            round.ResumedAtMs = context.NowMs;
        }

        // The delete may not have happened (a crash between the status write and the call): re-apply it, but only to
        // the recorded pods, identified by UID. Deleting a pod that is already going or gone is harmless.
        var deleted = round.Pods.Select(p => p.Uid).ToHashSet(StringComparer.Ordinal);
        foreach (var pod in context.OwnedPods.Where(p => deleted.Contains(p.Metadata.Uid) && !LabPods.IsTerminating(p)))
        {
            context.Actions.Add(new DeletePodAction(context.Namespace, pod.Metadata.Name, pod.Metadata.Uid));
        }

        if (context.DeploymentWhole(deleted))
        {
            round.RecoveredAtMs = context.NowMs;
            if (round.Interrupted != true)
            {
                round.RecoveryMs = context.NowMs - round.DeleteIssuedAtMs;
                context.Measurements.Add(new RecoveryMeasured(round.RecoveryMs.Value));
                step.Message = $"round {round.Round}: whole again after {round.RecoveryMs} ms";
            }
            else
            {
                step.Message = $"round {round.Round}: whole again; not timed, the operator restarted during the round";
            }

            step.Result = Result(step);
            return StepOutcome.Wait(TimeSpan.Zero);
        }

        var elapsed = context.NowMs - (round.ResumedAtMs ?? round.DeleteIssuedAtMs);
        if (elapsed > timeoutMs)
        {
            return StepRecords.Fail(context, step, $"round {round.Round}: the Deployment was not whole {timeoutMs / 1000} s after deleting {string.Join(", ", round.Pods.Select(p => p.Name))} ({context.ReadySummary()})", Result(step));
        }

        return StepOutcome.WaitMs(timeoutMs - elapsed + 1);
    }

    private static StepOutcome Finish(StepContext context, V1Alpha1StepStatus step, int podsPerRound)
    {
        var result = Result(step);
        var measured = result.RecoveryMs ?? [];
        var interrupted = step.Rounds!.Count(r => r.Interrupted == true);
        var lesson = LabLessons.SelfHealing(context.Lab.Spec.Language, context.Replicas, podsPerRound, [.. measured], interrupted);
        if (measured.Count == 0)
        {
            return StepRecords.Fail(context, step, $"no round could be timed: all {step.Rounds!.Count} were interrupted by an operator restart", result);
        }

        var message = string.Create(CultureInfo.InvariantCulture, $"{step.Rounds!.Count} rounds, recovery p50 {result.RecoveryP50Ms} ms, max {result.RecoveryMaxMs} ms");
        if (interrupted > 0)
        {
            message += string.Create(CultureInfo.InvariantCulture, $"; {interrupted} round(s) interrupted by an operator restart and not timed");
        }

        return StepRecords.Succeed(context, step, message, result, lesson);
    }

    /// <summary>The measured rounds so far; interrupted rounds have no time and are left out.</summary>
    internal static V1Alpha1StepResult Result(V1Alpha1StepStatus step)
    {
        var measured = (step.Rounds ?? []).Where(r => r.RecoveryMs is not null).Select(r => r.RecoveryMs!.Value).ToList();
        return new V1Alpha1StepResult
        {
            RecoveryMs = measured.Count == 0 ? null : measured,
            RecoveryP50Ms = measured.Count == 0 ? null : Percentile.NearestRank(measured, 50),
            RecoveryMaxMs = measured.Count == 0 ? null : measured.Max(),
        };
    }
}
