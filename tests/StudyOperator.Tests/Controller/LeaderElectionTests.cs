using Microsoft.Extensions.Logging.Abstractions;
using StudyOperator.Controller;

namespace StudyOperator.Tests.Controller;

public sealed class LeaderElectionTests
{
    // LeaderElector uses the wall clock. Short timings keep the test quick; the lease still outlasts a stalled CI core.
    private static LeaderElectionOptions Options(string identity) => new()
    {
        Identity = identity,
        LeaseDuration = TimeSpan.FromSeconds(2),
        RenewDeadline = TimeSpan.FromMilliseconds(1500),
        RetryPeriod = TimeSpan.FromMilliseconds(100),
    };

    [Fact]
    public async Task With_election_off_the_replica_leads_at_once_and_stops_leading_on_shutdown()
    {
        using var election = new LeaderElection(new LeaderElectionOptions { Enabled = false }, null, NullLogger.Instance);
        var started = 0;
        var stopped = 0;
        election.StartedLeading += (_, _) => started++;
        election.StoppedLeading += (_, _) => stopped++;

        await election.StartAsync(CancellationToken.None);
        await ControllerTestWait.Within(election.WaitForLeadershipAsync(CancellationToken.None), "leadership");
        Assert.True(election.IsLeader);

        await election.StopAsync(CancellationToken.None);
        Assert.False(election.IsLeader);
        Assert.Equal((1, 1), (started, stopped));
    }

    [Fact]
    public async Task Only_one_of_two_candidates_leads_and_the_other_takes_over_when_it_stops()
    {
        var lease = new InMemoryLease();
        using var first = new LeaderElection(Options("first"), lease.For("first"), NullLogger.Instance);
        using var second = new LeaderElection(Options("second"), lease.For("second"), NullLogger.Instance);

        await first.StartAsync(CancellationToken.None);
        await ControllerTestWait.Within(first.WaitForLeadershipAsync(CancellationToken.None), "the first candidate to lead");
        await second.StartAsync(CancellationToken.None);
        await ControllerTestWait.UntilAsync(() => lease.Reads("second") >= 3, "the second candidate to have tried a few times");
        Assert.False(second.IsLeader);
        Assert.Equal("first", lease.Holder);

        await first.StopAsync(CancellationToken.None);
        Assert.False(first.IsLeader);
        await ControllerTestWait.Within(second.WaitForLeadershipAsync(CancellationToken.None), "the second candidate to take over");
        Assert.Equal("second", lease.Holder);
        await second.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void Timings_that_client_go_would_reject_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LeaderElectionOptions { LeaseDuration = TimeSpan.FromSeconds(10), RenewDeadline = TimeSpan.FromSeconds(10) }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new LeaderElectionOptions { RenewDeadline = TimeSpan.FromSeconds(2), RetryPeriod = TimeSpan.FromSeconds(2) }.Validate());
        Assert.Throws<ArgumentNullException>(() => new LeaderElection(new LeaderElectionOptions(), null, NullLogger.Instance));
        new LeaderElectionOptions().Validate();
    }
}
