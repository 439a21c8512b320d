namespace StudyOperator.Probe;

/// <summary>Latency of the successful requests in whole milliseconds (nearest-rank percentiles; all 0 with no success).</summary>
internal sealed record LatencySummary(int P50, int P90, int P99, int Max)
{
    public static readonly LatencySummary None = new(0, 0, 0, 0);
}
