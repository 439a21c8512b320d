namespace StudyOperator.Probe;

internal enum ProbeMode
{
    /// <summary>A fixed number of requests by a fixed number of workers.</summary>
    Count,

    /// <summary>Requests started at a fixed rate for a duration (open loop, bounded in-flight).</summary>
    Rate,
}
