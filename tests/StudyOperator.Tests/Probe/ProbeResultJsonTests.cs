using System.Text;
using System.Text.Json;
using StudyOperator.Probe;

namespace StudyOperator.Tests.Probe;

public sealed class ProbeResultJsonTests
{
    private static ProbeResult Result(int pods = 3, int windows = 2, string target = "http://10.96.0.12:80/") => new()
    {
        Target = target,
        Mode = "rate",
        KeepAlive = false,
        StartedAt = new DateTimeOffset(2026, 11, 27, 13, 0, 0, TimeSpan.Zero),
        DurationMs = 30_012,
        Complete = true,
        Total = 600,
        Ok = 560,
        Failed = new FailureCounts(10, 5, 20, 5),
        Connections = 600,
        Pods = Enumerable.Range(0, pods).ToDictionary(i => $"self-healing-app-5d8f7c9b6-{i:x5}", i => 560 / pods + (i == 0 ? 560 % pods : 0)),
        LatencyMs = new LatencySummary(3, 9, 41, 2001),
        ErrorWindows = Enumerable.Range(0, windows).Select(i => new ErrorWindow(i * 50, 40 + i, 1 + (i % 3))).ToList(),
    };

    [Fact]
    public void A_result_survives_a_round_trip()
    {
        var original = Result();

        var parsed = ProbeResultJson.Parse(ProbeResultJson.Serialize(original));

        Assert.Equal(original.Target, parsed.Target);
        Assert.Equal(original.StartedAt, parsed.StartedAt);
        Assert.Equal(original.Failed, parsed.Failed);
        Assert.Equal(original.LatencyMs, parsed.LatencyMs);
        Assert.Equal(original.Pods, parsed.Pods);
        Assert.Equal(original.ErrorWindows, parsed.ErrorWindows);
        Assert.Equal(original with { Pods = parsed.Pods, ErrorWindows = parsed.ErrorWindows }, parsed);
    }

    [Fact]
    public void The_wire_form_has_the_documented_names_and_integers_only()
    {
        using var json = JsonDocument.Parse(ProbeResultJson.Serialize(Result()));
        var root = json.RootElement;

        Assert.Equal(
            ["target", "mode", "keepAlive", "startedAt", "durationMs", "complete", "total", "ok", "failed", "connections", "pods", "latencyMs", "errorWindows", "truncated"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["refused", "timeout", "5xx", "other"], root.GetProperty("failed").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["p50", "p90", "p99", "max"], root.GetProperty("latencyMs").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["offsetMs", "lengthMs", "failed"], root.GetProperty("errorWindows")[0].EnumerateObject().Select(p => p.Name));
        Assert.All(Numbers(root), n => Assert.True(n.TryGetInt64(out _), $"{n} is not an integer"));
        Assert.DoesNotContain(Numbers(root), n => n.GetRawText().Contains('.', StringComparison.Ordinal) || n.GetRawText().Contains('e', StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Ten_pods_with_many_error_windows_fit_in_4096_bytes_as_valid_json_marked_truncated()
    {
        var full = Result(pods: 10, windows: 500);
        Assert.True(Encoding.UTF8.GetByteCount(ProbeResultJson.Serialize(full)) > 4096, "the test needs a result that is too big");

        var (fitted, json) = ProbeResultJson.Fit(full);

        Assert.InRange(Encoding.UTF8.GetByteCount(json), 1, 4096);
        var parsed = ProbeResultJson.Parse(json);
        Assert.True(parsed.Truncated);
        Assert.Equal(fitted, parsed with { Pods = fitted.Pods, ErrorWindows = fitted.ErrorWindows });
        // Windows go first, the earliest are kept, every pod stays, and the counts say what went.
        Assert.Equal(10, parsed.Pods.Count);
        Assert.Equal(full.ErrorWindows.Take(parsed.ErrorWindows.Count), parsed.ErrorWindows);
        Assert.NotEmpty(parsed.ErrorWindows);
        Assert.Equal(new ProbeOmissions(500 - parsed.ErrorWindows.Count, 0, 0, false), parsed.Omitted);
        Assert.Equal(full.Total, parsed.Total);
        Assert.Equal(full.Failed, parsed.Failed);
        // As many windows as fit: one more would not.
        var oneMore = ProbeResultJson.Serialize(parsed with
        {
            ErrorWindows = full.ErrorWindows.Take(parsed.ErrorWindows.Count + 1).ToList(),
            Omitted = parsed.Omitted! with { ErrorWindows = parsed.Omitted!.ErrorWindows - 1 },
        });
        Assert.True(Encoding.UTF8.GetByteCount(oneMore) > 4096);
    }

    [Fact]
    public void A_result_that_fits_is_left_alone()
    {
        var small = Result();

        var (fitted, json) = ProbeResultJson.Fit(small);

        Assert.Same(small, fitted);
        Assert.False(ProbeResultJson.Parse(json).Truncated);
        Assert.Null(ProbeResultJson.Parse(json).Omitted);
        Assert.DoesNotContain("omitted", json, StringComparison.Ordinal);
    }

    [Fact]
    public void After_the_windows_the_pods_with_fewest_answers_go_then_the_target_is_shortened()
    {
        var pods = Enumerable.Range(0, 200).ToDictionary(i => $"pod-{i:d3}-" + new string('x', 200), i => i + 1);
        var huge = Result(windows: 50, target: "http://example.test/" + new string('p', 1000)) with { Pods = pods };

        var (_, json) = ProbeResultJson.Fit(huge);

        Assert.InRange(Encoding.UTF8.GetByteCount(json), 1, 4096);
        var parsed = ProbeResultJson.Parse(json);
        Assert.Empty(parsed.ErrorWindows);
        Assert.NotEmpty(parsed.Pods);
        Assert.All(parsed.Pods.Values, kept => Assert.True(kept > 200 - 200 + (200 - parsed.Pods.Count), "only the pods with most answers stay"));
        Assert.Equal(50, parsed.Omitted!.ErrorWindows);
        Assert.Equal(200 - parsed.Pods.Count, parsed.Omitted.Pods);
        Assert.Equal(pods.Values.Sum() - parsed.Pods.Values.Sum(), parsed.Omitted.PodAnswers);

        var tiny = ProbeResultJson.Fit(huge, maxBytes: 600);
        Assert.InRange(Encoding.UTF8.GetByteCount(tiny.Json), 1, 600);
        Assert.True(tiny.Result.Omitted!.TargetShortened);
        Assert.Empty(tiny.Result.Pods);
        Assert.EndsWith("...", tiny.Result.Target, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{"target":"x","mode":"count"}""")]
    [InlineData("[1,2]")]
    public void Text_that_is_not_a_probe_result_is_rejected(string text)
    {
        if (text.Length > 0)
            Assert.Throws<FormatException>(() => ProbeResultJson.Parse(text));
        Assert.False(ProbeResultJson.TryParse(text, out var result));
        Assert.Null(result);
    }

    private static IEnumerable<JsonElement> Numbers(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => [element],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Numbers(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Numbers),
        _ => [],
    };
}
