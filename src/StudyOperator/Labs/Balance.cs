using System.Globalization;
using StudyOperator.Api.V1Alpha1;

namespace StudyOperator.Labs;

/// <summary>
/// Turns answers per pod into shares and one balance figure: the busiest pod's answers divided by the quietest
/// pod's, with two decimals ("1.00" is perfectly even). This ratio is chosen because it reads directly as
/// "the busiest pod did X times the work of the quietest", needs no statistics, and is what a learner would
/// compute by hand from the counts; a pod that should have answered but got nothing makes it "inf".
/// </summary>
internal static class Balance
{
    public const string Infinite = "inf";

    /// <param name="answers">Answers per pod as the probe counted them.</param>
    /// <param name="expectedPods">Pods that were serving behind the Service; those without an answer count as 0.</param>
    public static (IList<V1Alpha1PodAnswers> PerPod, string? Figure) Compute(IReadOnlyDictionary<string, int> answers, IEnumerable<string> expectedPods)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var pod in expectedPods)
        {
            counts[pod] = 0;
        }

        foreach (var (pod, count) in answers)
        {
            counts[pod] = count;
        }

        var total = counts.Values.Sum();
        var perPod = counts
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(LabBounds.MaxReplicas)
            .Select(kv => new V1Alpha1PodAnswers { Pod = kv.Key, Count = kv.Value, Share = Share(kv.Value, total) })
            .ToList();
        return (perPod, Figure(counts.Values));
    }

    public static string Share(long count, long total) =>
        total == 0 ? "0.0%" : (100m * count / total).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static string? Figure(IReadOnlyCollection<long> counts)
    {
        if (counts.Count == 0 || counts.All(c => c == 0))
        {
            return null;
        }

        var max = counts.Max();
        var min = counts.Min();
        return min == 0 ? Infinite : ((decimal)max / min).ToString("0.00", CultureInfo.InvariantCulture);
    }
}
