using System.Globalization;
using Spectre.Console;
using StudyOperator.Api.V1Alpha1;

namespace StudyOperator.Demo;

/// <summary>The demo's report: per lab a table of the measured numbers and lessons, and a bar chart of answers per pod.</summary>
internal static class LabReport
{
    public static void Print(IReadOnlyList<V1Alpha1StudyLab> labs)
    {
        foreach (var lab in labs)
        {
            AnsiConsole.WriteLine();
            var phase = lab.Status?.Phase ?? LabPhase.Pending;
            AnsiConsole.Write(new Rule($"[bold]{lab.Metadata.Name}[/] — {(phase == LabPhase.Succeeded ? "[green]" : "[red]")}{phase}[/]").LeftJustified());
            var table = new Table().Border(TableBorder.Rounded).AddColumn("step").AddColumn("phase").AddColumn("measured").AddColumn("lesson");
            foreach (var step in lab.Status?.Steps ?? [])
            {
                table.AddRow(
                    new Text(step.Type.ToString()),
                    new Text(step.Phase.ToString()),
                    new Text(Measured(step)),
                    new Text(step.Lesson ?? step.Message ?? ""));
            }

            AnsiConsole.Write(table);
            if (lab.Status?.Traffic is { } traffic)
            {
                AnsiConsole.MarkupLine(Markup.Escape($"background traffic, {traffic.RequestsPerSecond} requests/s through the Service for the whole lab: {traffic.Message}"));
            }

            foreach (var answers in (lab.Status?.Steps ?? []).Select(s => s.Result?.AnswersPerPod).OfType<IList<V1Alpha1PodAnswers>>().Where(a => a.Count > 0))
            {
                var chart = new BarChart().Label("[bold]requests answered per pod[/]").Width(Math.Min(100, Math.Max(40, Console.IsOutputRedirected ? 80 : Console.WindowWidth - 4)));
                foreach (var pod in answers)
                {
                    chart.AddItem($"{pod.Pod} ({pod.Share})", pod.Count, Color.Teal);
                }

                AnsiConsole.Write(chart);
            }
        }
    }

    private static string Measured(V1Alpha1StepStatus step)
    {
        var measured = ByType(step);
        if (step.Result?.Traffic is { } window)
        {
            return measured + $"\nbackground traffic: {window.Requests} requests, {window.Failed} failed, availability {window.Availability ?? "-"}";
        }

        return step.Traffic?.NotMeasured is { } why ? measured + "\n" + why : measured;
    }

    private static string ByType(V1Alpha1StepStatus step)
    {
        var r = step.Result;
        if (r is null)
        {
            return "-";
        }

        return step.Type switch
        {
            StepType.SelfHealing => $"recovery per round: {string.Join(", ", (r.RecoveryMs ?? []).Select(ms => $"{ms} ms"))}\np50 {r.RecoveryP50Ms} ms, max {r.RecoveryMaxMs} ms",
            StepType.LoadBalancing => $"{r.Requests} requests, {r.Failed} failed\nbalance (busiest/quietest) {r.Balance}",
            StepType.Failover => $"pod {r.FaultedPod} left the endpoints after {r.DetectionMs?.ToString(CultureInfo.InvariantCulture) ?? "?"} ms\nfailed: {r.FailedDuringDetection} during detection, {r.FailedAfterDetection} after ({r.Failed}/{r.Requests})",
            _ => "-",
        };
    }
}
