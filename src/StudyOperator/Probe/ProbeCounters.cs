namespace StudyOperator.Probe;

/// <summary>
/// Cumulative counters of one probe run, updated as each request gets its outcome, so they can be read while the run
/// goes on: the lab engine reads them at a step's start and end and subtracts. They count exactly the outcomes the
/// final result counts (a request still in flight is counted when it ends, or never if the run is stopped first).
/// </summary>
internal sealed class ProbeCounters(TimeProvider time)
{
    private long requests;
    private long failed;

    public void Record(bool requestFailed)
    {
        // Failed first: a reader that sees a request also sees its failure, so failed never exceeds requests.
        if (requestFailed)
            Interlocked.Increment(ref failed);
        Interlocked.Increment(ref requests);
    }

    public ProbeCountersSnapshot Read()
    {
        var total = Interlocked.Read(ref requests);
        return new ProbeCountersSnapshot(total, Math.Min(Interlocked.Read(ref failed), total), time.GetUtcNow().ToUnixTimeMilliseconds());
    }
}
