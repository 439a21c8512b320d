using System.Collections.Concurrent;
using k8s.LeaderElection;

namespace StudyOperator.Tests.Controller;

/// <summary>One lease record shared by several candidates, with the compare-and-swap a Lease update gives.</summary>
internal sealed class InMemoryLease
{
    private readonly Lock gate = new();
    private readonly ConcurrentDictionary<string, int> reads = new();
    private LeaderElectionRecord? record;
    private int version;

    public string? Holder
    {
        get
        {
            lock (gate)
            {
                return record?.HolderIdentity;
            }
        }
    }

    public int Reads(string identity) => reads.TryGetValue(identity, out var n) ? n : 0;

    public ILock For(string identity) => new Candidate(this, identity);

    private sealed class Candidate(InMemoryLease lease, string identity) : ILock
    {
        private int seenVersion;

        public string Identity => identity;

        public string Describe() => $"in-memory lease for {identity}";

        public Task<LeaderElectionRecord> GetAsync(CancellationToken cancellationToken = default)
        {
            lease.reads.AddOrUpdate(identity, 1, (_, n) => n + 1);
            lock (lease.gate)
            {
                seenVersion = lease.version;
                return Task.FromResult(lease.record is null ? null! : Copy(lease.record));
            }
        }

        public Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default)
        {
            lock (lease.gate)
            {
                if (lease.record is not null)
                {
                    return Task.FromResult(false);
                }

                lease.record = Copy(record);
                seenVersion = ++lease.version;
                return Task.FromResult(true);
            }
        }

        public Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default)
        {
            lock (lease.gate)
            {
                // Like a resourceVersion precondition: an update based on a stale read fails.
                if (lease.version != seenVersion)
                {
                    return Task.FromResult(false);
                }

                lease.record = Copy(record);
                seenVersion = ++lease.version;
                return Task.FromResult(true);
            }
        }

        private static LeaderElectionRecord Copy(LeaderElectionRecord r) => new()
        {
            HolderIdentity = r.HolderIdentity,
            LeaseDurationSeconds = r.LeaseDurationSeconds,
            AcquireTime = r.AcquireTime,
            RenewTime = r.RenewTime,
            LeaderTransitions = r.LeaderTransitions,
        };
    }
}
