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
        Finish(context, step, StepPhase.Succeeded, message);
        step.Result = result;
        step.Lesson = Cut(lesson, 2048);
        context.Events.Add(new LabEvent(EventRecorder.Normal, StepSucceeded, $"step {Position(context)} {step.Type}: {message}"));
        return StepOutcome.Done;
    }

    public static StepOutcome Fail(StepContext context, V1Alpha1StepStatus step, string reason, V1Alpha1StepResult? result = null)
    {
        Finish(context, step, StepPhase.Failed, reason);
        step.Result = result ?? step.Result;
        context.Events.Add(new LabEvent(EventRecorder.Warning, StepFailed, $"step {Position(context)} {step.Type} failed: {reason}"));
        return StepOutcome.Done;
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
