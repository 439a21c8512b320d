namespace StudyOperator.Sandbox.Storage;

/// <summary>
/// The retained changes of one storage key (as the apiserver's per-resource watch cache): a bounded ring, and the
/// resourceVersion below which a watch of this key can no longer resume.
/// </summary>
internal sealed class ChangeWindow(int capacity, long compacted)
{
    private readonly StoreEvent[] ring = new StoreEvent[Math.Max(16, capacity)];
    private int start;
    private int count;

    public long Compacted { get; private set; } = compacted;

    public void Add(StoreEvent e)
    {
        if (count == ring.Length)
        {
            Compacted = ring[start].ResourceVersion;
            start = (start + 1) % ring.Length;
            count--;
        }

        ring[(start + count) % ring.Length] = e;
        count++;
    }

    public IEnumerable<StoreEvent> After(long resourceVersion)
    {
        for (var i = 0; i < count; i++)
        {
            var e = ring[(start + i) % ring.Length];
            if (e.ResourceVersion > resourceVersion)
            {
                yield return e;
            }
        }
    }
}
