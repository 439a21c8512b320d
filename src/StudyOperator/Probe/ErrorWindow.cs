namespace StudyOperator.Probe;

/// <summary>
/// A run of consecutive failed requests (in start order): when the first one started, in ms from the start of the
/// probe, how long until the last one ended, and how many failed.
/// </summary>
internal sealed record ErrorWindow(int OffsetMs, int LengthMs, int Failed);
