namespace StudyOperator.Probe;

/// <summary>Turns the outcomes of a run into a <see cref="ProbeResult"/>; pure, so it is tested without a network.</summary>
internal static class ProbeSummary
{
    public const string UnknownPod = "(unknown)";

    public static ProbeResult Summarize(
        ProbeOptions options,
        DateTimeOffset startedAt,
        TimeSpan elapsed,
        bool complete,
        int connections,
        IReadOnlyCollection<RequestOutcome> outcomes)
    {
        var ordered = outcomes.OrderBy(o => o.Start).ThenBy(o => o.End).ToList();
        var pods = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var outcome in ordered.Where(o => !o.Failed))
        {
            var pod = outcome.Pod ?? UnknownPod;
            pods[pod] = pods.GetValueOrDefault(pod) + 1;
        }

        return new ProbeResult
        {
            Target = options.Target.ToString(),
            Mode = options.Mode == ProbeMode.Rate ? "rate" : "count",
            KeepAlive = options.KeepAlive,
            StartedAt = startedAt,
            DurationMs = Milliseconds(elapsed),
            Complete = complete,
            Total = ordered.Count,
            Ok = ordered.Count(o => !o.Failed),
            Failed = new FailureCounts(
                ordered.Count(o => o.Kind == OutcomeKind.Refused),
                ordered.Count(o => o.Kind == OutcomeKind.Timeout),
                ordered.Count(o => o.Kind == OutcomeKind.ServerError),
                ordered.Count(o => o.Kind == OutcomeKind.Other)),
            Connections = connections,
            Pods = pods,
            LatencyMs = Latency(ordered.Where(o => !o.Failed).Select(o => o.Latency)),
            ErrorWindows = ErrorWindows(ordered),
        };
    }

    /// <summary>Nearest-rank percentiles: the smallest value with at least p% of the values at or below it.</summary>
    public static LatencySummary Latency(IEnumerable<TimeSpan> latencies)
    {
        var sorted = latencies.Order().ToArray();
        if (sorted.Length == 0)
            return LatencySummary.None;
        return new LatencySummary(Rank(50), Rank(90), Rank(99), Milliseconds(sorted[^1]));

        int Rank(int percent) => Milliseconds(sorted[Math.Max(0, (int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1)]);
    }

    /// <summary>Runs of consecutive failures, taking the requests in the order they started.</summary>
    public static IReadOnlyList<ErrorWindow> ErrorWindows(IReadOnlyList<RequestOutcome> orderedByStart)
    {
        var windows = new List<ErrorWindow>();
        var i = 0;
        while (i < orderedByStart.Count)
        {
            if (!orderedByStart[i].Failed)
            {
                i++;
                continue;
            }

            var first = orderedByStart[i].Start;
            var lastEnd = orderedByStart[i].End;
            var failed = 0;
            for (; i < orderedByStart.Count && orderedByStart[i].Failed; i++, failed++)
                lastEnd = orderedByStart[i].End > lastEnd ? orderedByStart[i].End : lastEnd;
            windows.Add(new ErrorWindow(Milliseconds(first), Milliseconds(lastEnd - first), failed));
        }

        return windows;
    }

    public static int Milliseconds(TimeSpan value) =>
        (int)Math.Min(int.MaxValue, Math.Round(value.TotalMilliseconds, MidpointRounding.AwayFromZero));
}
