using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using StudyOperator.Sandbox.Node;
using static StudyOperator.Sandbox.Node.ProbeResult;

namespace StudyOperator.Sandbox.Tests.Node;

public sealed class ContainerProberTests : IAsyncLifetime, IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeProbeRunner _runner = new();
    private readonly ConcurrentQueue<ContainerEvent> _events = new();
    private ContainerProber? _prober;

    public Task InitializeAsync() => Task.CompletedTask;

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    // xunit 2 disposes test classes through IAsyncLifetime; it does not call IAsyncDisposable.
    public async Task DisposeAsync()
    {
        if (_prober is not null)
        {
            await _prober.DisposeAsync();
        }
    }

    private ContainerProber StartProber(ContainerProbes probes)
    {
        _prober = new ContainerProber("app", probes, new ProbeTarget(IPAddress.Parse("127.1.200.10")), _runner, _time, _events.Enqueue);
        _prober.Start(_time.GetUtcNow());
        return _prober;
    }

    /// <summary>Waits until the probe loop sleeps for the <paramref name="waits"/>-th time, then moves the clock.</summary>
    private async Task Advance(ProbeKind kind, long waits, int seconds)
    {
        await Eventually.True(() => _prober!.Waits(kind) >= waits, because: $"{kind} loop should wait for the {waits}th time");
        _time.Advance(TimeSpan.FromSeconds(seconds));
    }

    [Fact]
    public async Task Readiness_follows_the_success_and_failure_thresholds_and_never_restarts()
    {
        _runner.Script("/ready", Success, Success, Failure, Failure, Failure);
        var prober = StartProber(new ContainerProbes(Readiness: FakeProbeRunner.Probe("/ready", initialDelay: 5, successThreshold: 2, failureThreshold: 3)));

        Assert.True(prober.Started);
        Assert.False(prober.Ready);
        await Advance(ProbeKind.Readiness, 1, 4);
        Assert.Equal(0, _runner.Calls("/ready"));
        _time.Advance(TimeSpan.FromSeconds(1));
        await Advance(ProbeKind.Readiness, 2, 10);           // t=5: first success, below threshold 2
        await Eventually.True(() => prober.Ready);           // t=15: second success
        await Advance(ProbeKind.Readiness, 3, 10);           // t=25: failure 1
        await Advance(ProbeKind.Readiness, 4, 10);           // t=35: failure 2
        await Eventually.True(() => _prober!.Waits(ProbeKind.Readiness) >= 5);
        Assert.True(prober.Ready);
        _time.Advance(TimeSpan.FromSeconds(10));             // t=45: failure 3
        await Eventually.True(() => !prober.Ready);

        Assert.Equal([true, false], _events.OfType<ReadinessChanged>().Select(e => e.Ready));
        Assert.Equal(3, _events.OfType<ProbeFailed>().Count());
        Assert.Equal("Readiness probe failed: HTTP probe failed with statuscode: 500", _events.OfType<ProbeFailed>().First().Message);
        Assert.Empty(_events.OfType<LivenessFailed>());
    }

    [Fact]
    public async Task Liveness_failure_at_the_threshold_asks_for_a_restart_and_stops_probing()
    {
        _runner.Script("/live", Success, Failure, Failure, Failure);
        var prober = StartProber(new ContainerProbes(Liveness: FakeProbeRunner.Probe("/live", period: 3, failureThreshold: 3, grace: 5)));

        await Advance(ProbeKind.Liveness, 1, 3);
        await Advance(ProbeKind.Liveness, 2, 3);
        await Advance(ProbeKind.Liveness, 3, 3);
        await Eventually.True(() => !_events.IsEmpty && _events.OfType<LivenessFailed>().Any());

        var failed = Assert.Single(_events.OfType<LivenessFailed>());
        Assert.Equal(ProbeKind.Liveness, failed.Kind);
        Assert.Equal(TimeSpan.FromSeconds(5), failed.GracePeriod);
        Assert.Equal("Container app failed liveness probe, will be restarted", failed.Message);
        Assert.Equal(4, _runner.Calls("/live"));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(4, _runner.Calls("/live"));
        Assert.True(prober.Ready);
    }

    [Fact]
    public async Task A_success_between_failures_resets_the_failure_count()
    {
        _runner.Script("/live", Failure, Failure, Success, Failure, Failure, Success);
        StartProber(new ContainerProbes(Liveness: FakeProbeRunner.Probe("/live", period: 1, failureThreshold: 3)));

        for (var i = 1; i <= 6; i++)
        {
            await Advance(ProbeKind.Liveness, i, 1);
        }
        await Eventually.True(() => _runner.Calls("/live") >= 7);

        Assert.Empty(_events.OfType<LivenessFailed>());
    }

    [Fact]
    public async Task The_startup_probe_gates_readiness_and_liveness()
    {
        _runner.Script("/startup", Failure, Failure, Success);
        _runner.Script("/ready", Success);
        _runner.Script("/live", Success);
        var prober = StartProber(new ContainerProbes(
            Startup: FakeProbeRunner.Probe("/startup", period: 2, failureThreshold: 30),
            Readiness: FakeProbeRunner.Probe("/ready", period: 10),
            Liveness: FakeProbeRunner.Probe("/live", period: 10)));

        await Advance(ProbeKind.Startup, 1, 2);
        Assert.False(prober.Started);
        Assert.Equal(0, _runner.Calls("/ready") + _runner.Calls("/live"));
        await Advance(ProbeKind.Startup, 2, 2);
        await Eventually.True(() => prober.Started);
        await Eventually.True(() => prober.Ready);

        Assert.Equal(3, _runner.Calls("/startup"));
        await Eventually.True(() => _runner.Calls("/live") == 1);
        Assert.Single(_events.OfType<StartupSucceeded>());
        _time.Advance(TimeSpan.FromSeconds(100));
        Assert.Equal(3, _runner.Calls("/startup"));
    }

    [Fact]
    public async Task A_startup_probe_that_never_succeeds_asks_for_a_restart()
    {
        _runner.Script("/startup", Failure);
        var prober = StartProber(new ContainerProbes(Startup: FakeProbeRunner.Probe("/startup", period: 1, failureThreshold: 3), Readiness: FakeProbeRunner.Probe("/ready")));

        await Advance(ProbeKind.Startup, 1, 1);
        await Advance(ProbeKind.Startup, 2, 1);
        await Eventually.True(() => _events.OfType<LivenessFailed>().Any());

        Assert.Equal(ProbeKind.Startup, Assert.Single(_events.OfType<LivenessFailed>()).Kind);
        Assert.False(prober.Started);
        Assert.False(prober.Ready);
        Assert.Equal(0, _runner.Calls("/ready"));
    }

    [Fact]
    public async Task Without_probes_a_running_container_is_started_and_ready()
    {
        var prober = StartProber(ContainerProbes.None);

        await Eventually.True(() => _events.OfType<ReadinessChanged>().Any());

        Assert.True(prober.Started);
        Assert.True(prober.Ready);
    }

    [Fact]
    public void Liveness_and_startup_probes_need_a_success_threshold_of_1() =>
        Assert.Throws<ArgumentException>(() => new ContainerProber("app", new ContainerProbes(Liveness: FakeProbeRunner.Probe("/live", successThreshold: 2)), new ProbeTarget(IPAddress.Loopback), _runner, _time));
}
