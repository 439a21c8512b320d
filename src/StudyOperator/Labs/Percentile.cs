namespace StudyOperator.Labs;

/// <summary>Nearest-rank percentiles, the same rule the probe uses: the value at rank ⌈p·n⌉ of the sorted values, always one that was observed.</summary>
internal static class Percentile
{
    public static long NearestRank(IReadOnlyCollection<long> values, int percent)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        if (values.Count == 0)
        {
            throw new ArgumentException("no values", nameof(values));
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return sorted[Math.Max(rank, 1) - 1];
    }
}
