namespace StudyOperator.App;

/// <summary>The fault switches of the demo workload; see docs/app-and-probe.md.</summary>
internal enum FaultMode
{
    Unready,
    Failing,
    Slow,
    Liveness,
    Crash,
    Reset,
}
