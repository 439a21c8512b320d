namespace StudyOperator.Probe;

/// <summary>
/// What <c>GET /counters</c> answers: requests with an outcome and failed requests since the run started, and the
/// probe's unix milliseconds when it read them. Integers only.
/// </summary>
internal sealed record ProbeCountersSnapshot(long Requests, long Failed, long AtMs);
