using System.Text;
using System.Text.Json;

namespace StudyOperator.Probe;

/// <summary>
/// The wire form of <see cref="ProbeResult"/>. <see cref="Parse"/> is what the lab engine uses to read a probe
/// pod's termination message; <see cref="Fit"/> keeps a result within the 4,096-byte limit.
/// </summary>
internal static class ProbeResultJson
{
    public static string Serialize(ProbeResult result) =>
        JsonSerializer.Serialize(result, ProbeJsonContext.Default.ProbeResult);

    /// <summary>Reads a result; throws <see cref="FormatException"/> naming the problem when the text is not one.</summary>
    public static ProbeResult Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize(json, ProbeJsonContext.Default.ProbeResult)
                ?? throw new FormatException("probe result is JSON null");
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a probe result: {e.Message}", e);
        }
    }

    public static bool TryParse(string? json, out ProbeResult? result)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(json))
            return false;
        try
        {
            result = Parse(json);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// The result as JSON of at most <paramref name="maxBytes"/> UTF-8 bytes. When the full result is larger, detail is
    /// dropped in this order until it fits, and <c>truncated</c>/<c>omitted</c> say what went:
    /// 1. error windows, latest first (the earliest windows, right after a fault, are kept);
    /// 2. pods with the fewest answers (ties: the name that sorts last);
    /// 3. the target URL is shortened.
    /// </summary>
    public static (ProbeResult Result, string Json) Fit(ProbeResult result, int maxBytes = ProbeLimits.MaxResultBytes)
    {
        var json = Serialize(result);
        if (Fits(json, maxBytes))
            return (result, json);

        var windows = result.ErrorWindows;
        var podsByAnswers = result.Pods.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();

        ProbeResult Shrink(int keptWindows, int keptPods, int targetChars)
        {
            var dropped = podsByAnswers.Skip(keptPods).ToList();
            return result with
            {
                ErrorWindows = windows.Take(keptWindows).ToList(),
                Pods = new SortedDictionary<string, int>(podsByAnswers.Take(keptPods).ToDictionary(), StringComparer.Ordinal),
                Target = targetChars >= result.Target.Length ? result.Target : result.Target[..targetChars] + "...",
                Truncated = true,
                Omitted = new ProbeOmissions(
                    windows.Count - keptWindows + (result.Omitted?.ErrorWindows ?? 0),
                    dropped.Count + (result.Omitted?.Pods ?? 0),
                    dropped.Sum(p => p.Value) + (result.Omitted?.PodAnswers ?? 0),
                    targetChars < result.Target.Length || (result.Omitted?.TargetShortened ?? false)),
            };
        }

        var allPods = podsByAnswers.Count;
        var allTarget = result.Target.Length;
        if (Largest(windows.Count, k => Shrink(k, allPods, allTarget)) is { } byWindows)
            return byWindows;
        if (Largest(allPods, k => Shrink(0, k, allTarget)) is { } byPods)
            return byPods;
        if (Largest(allTarget, k => Shrink(0, 0, k)) is { } byTarget)
            return byTarget;
        throw new InvalidOperationException($"a probe result cannot be made to fit in {maxBytes} bytes");

        // The largest k in [0, max] whose shrunk result fits (sizes grow with k), or null when even 0 does not fit.
        (ProbeResult, string)? Largest(int max, Func<int, ProbeResult> shrink)
        {
            var smallest = shrink(0);
            var smallestJson = Serialize(smallest);
            if (!Fits(smallestJson, maxBytes))
                return null;
            (ProbeResult, string) best = (smallest, smallestJson);
            int low = 1, high = max;
            while (low <= high)
            {
                var mid = low + ((high - low) / 2);
                var candidate = shrink(mid);
                var candidateJson = Serialize(candidate);
                if (Fits(candidateJson, maxBytes))
                {
                    best = (candidate, candidateJson);
                    low = mid + 1;
                }
                else
                {
                    high = mid - 1;
                }
            }

            return best;
        }
    }

    private static bool Fits(string json, int maxBytes) => Encoding.UTF8.GetByteCount(json) <= maxBytes;
}
