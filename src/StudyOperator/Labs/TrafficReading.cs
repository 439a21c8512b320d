using StudyOperator.Api.V1Alpha1;

namespace StudyOperator.Labs;

/// <summary>
/// The background probe's counters as read through the pod proxy in this pass, or why they could not be read.
/// The reconciler reads them before <see cref="LabEngine.Advance"/>, so the engine stays free of I/O.
/// </summary>
internal sealed record TrafficReading(V1Alpha1TrafficCounters? Counters, string? Problem)
{
    public static TrafficReading Of(V1Alpha1TrafficCounters counters) => new(counters, null);

    public static TrafficReading Unavailable(string problem) => new(null, problem);
}
