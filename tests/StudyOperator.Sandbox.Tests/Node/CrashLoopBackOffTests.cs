using Microsoft.Extensions.Time.Testing;
using StudyOperator.Sandbox.Node;

namespace StudyOperator.Sandbox.Tests.Node;

public sealed class CrashLoopBackOffTests
{
    /// <summary>Simulates a container that crashes <paramref name="runFor"/> after each start; returns the waits before each restart.</summary>
    private static List<TimeSpan> Waits(CrashLoopBackOff backOff, FakeTimeProvider time, int crashes, TimeSpan runFor)
    {
        var waits = new List<TimeSpan>();
        for (var i = 0; i < crashes; i++)
        {
            time.Advance(runFor);
            var finishedAt = time.GetUtcNow();
            var wait = backOff.RestartAllowedAt(finishedAt) - time.GetUtcNow();
            waits.Add(wait);
            time.Advance(wait);
            Assert.False(backOff.IsInBackOffSince(finishedAt));
            backOff.Next(finishedAt);
        }
        return waits;
    }

    [Fact]
    public void The_first_restart_is_immediate_then_waits_double_from_10s_up_to_5_minutes()
    {
        var time = new FakeTimeProvider();
        var backOff = new CrashLoopBackOff(time);

        var waits = Waits(backOff, time, crashes: 9, runFor: TimeSpan.FromSeconds(1));

        Assert.Equal([0, 10, 20, 40, 80, 160, 300, 300, 300], waits.Select(w => (int)w.TotalSeconds));
    }

    [Fact]
    public void A_container_that_ran_10_minutes_without_trouble_starts_over_at_10s()
    {
        var time = new FakeTimeProvider();
        var backOff = new CrashLoopBackOff(time);
        Waits(backOff, time, crashes: 5, runFor: TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(160), backOff.Period);

        var afterLongRun = Waits(backOff, time, crashes: 3, runFor: TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var afterShortRuns = Waits(backOff, time, crashes: 2, runFor: TimeSpan.FromSeconds(1));

        Assert.Equal([0, 0, 0], afterLongRun.Select(w => (int)w.TotalSeconds));
        Assert.Equal([10, 20], afterShortRuns.Select(w => (int)w.TotalSeconds));
    }

    [Fact]
    public void A_container_that_ran_just_under_10_minutes_keeps_doubling()
    {
        var time = new FakeTimeProvider();
        var backOff = new CrashLoopBackOff(time);
        Waits(backOff, time, crashes: 2, runFor: TimeSpan.FromSeconds(1));

        var waits = Waits(backOff, time, crashes: 1, runFor: TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));

        // The window is measured from the crash, so the 20s window still applies and then doubles.
        Assert.Equal(TimeSpan.FromSeconds(20), waits[0]);
        Assert.Equal(TimeSpan.FromSeconds(40), backOff.Period);
    }

    [Theory]
    [InlineData(10, "10s")]
    [InlineData(80, "1m20s")]
    [InlineData(300, "5m0s")]
    public void Periods_are_formatted_like_Go_durations(int seconds, string expected) =>
        Assert.Equal(expected, CrashLoopBackOff.Format(TimeSpan.FromSeconds(seconds)));
}
