using StudyOperator.Api.V1Alpha1;
using StudyOperator.Kube;

namespace StudyOperator.Labs;

/// <summary>Ends a step the same way for every type: phase, finish times, message, result, lesson and one Event.</summary>
internal static class StepRecords
{
    public const string StepSucceeded = "StepSucceeded";
    public const string StepFailed = "StepFailed";

    public static StepOutcome Succeed(StepContext context, V1Alpha1StepStatus step, string message, V1Alpha1StepResult result, string lesson)
    {
        if (CloseTraffic(context, step) is { } traffic)
        {
            result.Traffic = traffic;
            message += "; " + LabTraffic.Describe(traffic);
            lesson += LabLessons.Traffic(context.Lab.Spec.Language, traffic);
        }

        Finish(context, step, StepPhase.Succeeded, message);
        step.Result = result;
        step.Lesson = Cut(lesson, 2048);
        context.Events.Add(new LabEvent(EventRecorder.Normal, StepSucceeded, $"step {Position(context)} {step.Type}: {message}"));
        return StepOutcome.Done;
    }

    public static StepOutcome Fail(StepContext context, V1Alpha1StepStatus step, string reason, V1Alpha1StepResult? result = null)
    {
        result ??= step.Result;
        if (CloseTraffic(context, step) is { } traffic)
        {
            result ??= new V1Alpha1StepResult();
            result.Traffic = traffic;
            reason += "; " + LabTraffic.Describe(traffic);
        }

        Finish(context, step, StepPhase.Failed, reason);
        step.Result = result;
        context.Events.Add(new LabEvent(EventRecorder.Warning, StepFailed, $"step {Position(context)} {step.Type} failed: {reason}"));
        return StepOutcome.Done;
    }

    /// <summary>Ends the step's background traffic window (if it has one) and reports its numbers to the metrics.</summary>
    private static V1Alpha1TrafficResult? CloseTraffic(StepContext context, V1Alpha1StepStatus step)
    {
        if (step.Traffic is null || LabTraffic.Close(step.Traffic, context.Observation) is not { } traffic)
        {
            return null;
        }

        context.Measurements.Add(new TrafficMeasured(step.Type.ToString(), traffic.Requests, traffic.Failed));
        return traffic;
    }

    public static string Position(StepContext context) => $"{context.Index + 1}/{context.Lab.Spec.Steps.Count}";

    private static void Finish(StepContext context, V1Alpha1StepStatus step, StepPhase phase, string message)
    {
        step.Phase = phase;
        step.FinishedAtMs = context.NowMs;
        step.FinishedAt = LabTime.Seconds(context.NowMs);
        step.Message = Cut(message, 1024);
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 3)] + "...";
}
