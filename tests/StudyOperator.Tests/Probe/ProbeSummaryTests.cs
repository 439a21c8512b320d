using StudyOperator.Probe;

namespace StudyOperator.Tests.Probe;

public sealed class ProbeSummaryTests
{
    private static readonly ProbeOptions Options = new() { Target = new Uri("http://demo.labs.svc:80/") };

    private static RequestOutcome At(int startMs, int endMs, OutcomeKind kind = OutcomeKind.Ok, string? pod = "a") =>
        new(TimeSpan.FromMilliseconds(startMs), TimeSpan.FromMilliseconds(endMs), kind, kind == OutcomeKind.Ok ? pod : null);

    private static ProbeResult Summarize(params RequestOutcome[] outcomes) =>
        ProbeSummary.Summarize(Options, DateTimeOffset.UnixEpoch, TimeSpan.FromMilliseconds(1234.4), complete: true, connections: outcomes.Length, outcomes);

    [Fact]
    public void Counts_split_into_ok_and_failures_by_kind()
    {
        var result = Summarize(
            At(0, 1), At(1, 2, OutcomeKind.Refused), At(2, 3, OutcomeKind.Timeout), At(3, 4, OutcomeKind.ServerError),
            At(4, 5, OutcomeKind.ServerError), At(5, 6, OutcomeKind.Other), At(6, 7));

        Assert.Equal(7, result.Total);
        Assert.Equal(2, result.Ok);
        Assert.Equal(new FailureCounts(1, 1, 2, 1), result.Failed);
        Assert.Equal(result.Total, result.Ok + result.Failed.Total);
        Assert.Equal(1234, result.DurationMs);
        Assert.Equal("count", result.Mode);
    }

    [Fact]
    public void Answers_per_pod_sum_to_ok_with_unnamed_answers_as_unknown()
    {
        var result = Summarize(At(0, 1, pod: "a"), At(1, 2, pod: "b"), At(2, 3, pod: "a"), At(3, 4, pod: null), At(4, 5, OutcomeKind.ServerError));

        Assert.Equal(new Dictionary<string, int> { ["a"] = 2, ["b"] = 1, [ProbeSummary.UnknownPod] = 1 }, result.Pods);
        Assert.Equal(result.Ok, result.Pods.Values.Sum());
    }

    [Fact]
    public void Latency_percentiles_use_the_nearest_rank_of_successful_requests()
    {
        // 100 successes taking 1..100 ms, plus a slow failure that must not count.
        var outcomes = Enumerable.Range(1, 100).Select(ms => At(ms * 10, (ms * 10) + ms)).Append(At(0, 5000, OutcomeKind.Timeout)).ToArray();

        var result = Summarize(outcomes);

        Assert.Equal(new LatencySummary(50, 90, 99, 100), result.LatencyMs);
    }

    [Fact]
    public void Latency_of_a_single_request_is_that_request_and_none_is_zero()
    {
        Assert.Equal(new LatencySummary(7, 7, 7, 7), ProbeSummary.Latency([TimeSpan.FromMilliseconds(7.4)]));
        Assert.Equal(LatencySummary.None, ProbeSummary.Latency([]));
    }

    [Fact]
    public void Consecutive_failures_in_start_order_form_one_error_window()
    {
        var result = Summarize(
            At(0, 2),
            At(10, 15, OutcomeKind.Refused), At(20, 90, OutcomeKind.Timeout), At(30, 35, OutcomeKind.ServerError),
            At(40, 41),
            At(100, 103, OutcomeKind.ServerError),
            At(110, 111));

        Assert.Equal([new ErrorWindow(10, 80, 3), new ErrorWindow(100, 3, 1)], result.ErrorWindows);
        Assert.Equal(result.Failed.Total, result.ErrorWindows.Sum(w => w.Failed));
    }

    [Fact]
    public void Outcomes_are_ordered_by_start_whatever_order_they_finished_in()
    {
        var result = Summarize(At(30, 31), At(20, 25, OutcomeKind.Other), At(10, 12, OutcomeKind.Other), At(0, 1));

        Assert.Equal([new ErrorWindow(10, 15, 2)], result.ErrorWindows);
    }

    [Fact]
    public void No_failures_means_no_error_windows() =>
        Assert.Empty(Summarize(At(0, 1), At(1, 2)).ErrorWindows);
}
