using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using StudyOperator.Sandbox.Node;

namespace StudyOperator.Sandbox.Tests.Node;

public sealed class ContainerSupervisorTests : IAsyncLifetime, IAsyncDisposable
{
    private readonly TestPod _pod = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly ConcurrentQueue<ContainerEvent> _events = new();
    private ContainerSupervisor? _supervisor;

    public Task InitializeAsync() => Task.CompletedTask;

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    // xunit 2 disposes test classes through IAsyncLifetime; it does not call IAsyncDisposable.
    public async Task DisposeAsync()
    {
        if (_supervisor is not null)
        {
            await _supervisor.DisposeAsync();
        }
        _pod.Dispose();
    }

    private ContainerSupervisor Supervise(string script, RestartPolicy policy, TerminationMessagePolicy messagePolicy = TerminationMessagePolicy.File)
    {
        _supervisor = new ContainerSupervisor(TestPod.Shell(script, messagePolicy), policy, _pod.Identity, _pod.Directory, _time, _events.Enqueue);
        _supervisor.Start();
        return _supervisor;
    }

    private static async Task WaitFor(ContainerSupervisor supervisor, Func<ContainerStatus, bool> condition) =>
        await Eventually.True(() => condition(supervisor.Status), because: $"status was {supervisor.Status}");

    [Fact]
    public async Task A_crashing_container_restarts_at_once_then_waits_in_CrashLoopBackOff_with_a_doubling_back_off()
    {
        var supervisor = Supervise("echo run; exit 1", RestartPolicy.Always);

        await WaitFor(supervisor, s => s is { RestartCount: 1, State: ContainerStateWaiting });
        var status = supervisor.Status;
        var waiting = Assert.IsType<ContainerStateWaiting>(status.State);
        Assert.Equal("CrashLoopBackOff", waiting.Reason);
        Assert.Equal($"back-off 10s restarting failed container=app pod=web-0_default({_pod.Identity.Uid})", waiting.Message);
        Assert.Equal(1, status.LastState!.ExitCode);
        Assert.Equal("Error", status.LastState.Reason);
        Assert.False(status.Ready);

        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(1, supervisor.Status.RestartCount);
        _time.Advance(TimeSpan.FromSeconds(1));
        await WaitFor(supervisor, s => s is { RestartCount: 2, State: ContainerStateWaiting });
        Assert.Equal($"back-off 20s restarting failed container=app pod=web-0_default({_pod.Identity.Uid})", ((ContainerStateWaiting)supervisor.Status.State).Message);

        Assert.Equal(3, _events.OfType<ContainerStarted>().Count());
        // The BackOff event follows the status change.
        await Eventually.True(() => _events.OfType<ContainerBackOff>().Count() == 2);
        Assert.Equal([10, 20], _events.OfType<ContainerBackOff>().Select(e => (int)e.Period.TotalSeconds));
        Assert.All(_events.OfType<ContainerExited>(), e => Assert.True(e.WillRestart));
    }

    [Fact]
    public async Task OnFailure_does_not_restart_a_container_that_completed()
    {
        var supervisor = Supervise("echo done", RestartPolicy.OnFailure);

        await supervisor.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        var terminated = Assert.IsType<ContainerStateTerminated>(supervisor.Status.State);
        Assert.Equal(0, terminated.ExitCode);
        Assert.Equal("Completed", terminated.Reason);
        Assert.Equal(0, supervisor.Status.RestartCount);
        Assert.Null(supervisor.Status.LastState);
        Assert.False(Assert.Single(_events.OfType<ContainerExited>()).WillRestart);
    }

    [Fact]
    public async Task OnFailure_restarts_a_failed_container_until_it_succeeds()
    {
        var marker = Path.Combine(_pod.Directory.Path, "attempted");
        var supervisor = Supervise($"if [ -e {marker} ]; then exit 0; fi; touch {marker}; exit 7", RestartPolicy.OnFailure);

        await supervisor.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, supervisor.Status.RestartCount);
        Assert.Equal(7, supervisor.Status.LastState!.ExitCode);
        Assert.Equal("Completed", ((ContainerStateTerminated)supervisor.Status.State).Reason);
    }

    [Fact]
    public async Task Never_leaves_a_failed_container_terminated_with_its_message()
    {
        var supervisor = Supervise("echo boom; exit 3", RestartPolicy.Never, TerminationMessagePolicy.FallbackToLogsOnError);

        await supervisor.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        var terminated = Assert.IsType<ContainerStateTerminated>(supervisor.Status.State);
        Assert.Equal(3, terminated.ExitCode);
        Assert.Equal("Error", terminated.Reason);
        Assert.Equal("boom\n", terminated.Message);
        Assert.Equal(supervisor.Status.ContainerId, terminated.ContainerId);
        Assert.Equal(0, supervisor.Status.RestartCount);
    }

    [Fact]
    public async Task Logs_and_previous_logs_follow_the_kubelet_rules()
    {
        var counter = Path.Combine(_pod.Directory.Path, "count");
        var supervisor = Supervise($"echo x >> {counter}; echo \"attempt $(wc -l < {counter})\"; exit 1", RestartPolicy.Always);

        await WaitFor(supervisor, s => s is { RestartCount: 1, State: ContainerStateWaiting });
        // In CrashLoopBackOff both the current and the previous log are the last crash, as with kubectl.
        Assert.Equal("attempt 2\n", supervisor.FindLog(previous: false).Log!.Render(new LogQuery()));
        Assert.Equal("attempt 2\n", supervisor.FindLog(previous: true).Log!.Render(new LogQuery()));

        _time.Advance(TimeSpan.FromSeconds(10));
        await WaitFor(supervisor, s => s is { RestartCount: 2, State: ContainerStateWaiting });
        Assert.Equal("attempt 3\n", supervisor.FindLog(previous: true).Log!.Render(new LogQuery()));
    }

    [Fact]
    public async Task The_running_instance_log_is_current_and_the_crashed_one_is_previous()
    {
        var marker = Path.Combine(_pod.Directory.Path, "crashed-once");
        var supervisor = Supervise($"if [ -e {marker} ]; then echo second; exec sleep 300; fi; touch {marker}; echo first; exit 1", RestartPolicy.Always);

        await WaitFor(supervisor, s => s is { RestartCount: 1, State: ContainerStateRunning });
        await Eventually.True(() => supervisor.FindLog(previous: false).Log?.TotalLines == 1);

        Assert.Equal("second\n", supervisor.FindLog(previous: false).Log!.Render(new LogQuery()));
        Assert.Equal("first\n", supervisor.FindLog(previous: true).Log!.Render(new LogQuery()));
        Assert.True(supervisor.Status.Started);
    }

    [Fact]
    public async Task Killing_after_a_liveness_failure_restarts_the_container_and_counts_it()
    {
        var supervisor = Supervise("trap 'exit 143' TERM; echo up; while true; do sleep 0.05; done", RestartPolicy.Always);
        await WaitFor(supervisor, s => s.State is ContainerStateRunning);
        var firstId = supervisor.Status.ContainerId;

        await supervisor.KillAsync(TimeSpan.FromSeconds(30)).WaitAsync(TimeSpan.FromSeconds(10));

        await WaitFor(supervisor, s => s is { RestartCount: 1, State: ContainerStateRunning });
        Assert.Equal(143, supervisor.Status.LastState!.ExitCode);
        Assert.Equal(firstId, supervisor.Status.LastState.ContainerId);
        Assert.NotEqual(firstId, supervisor.Status.ContainerId);
    }

    [Fact]
    public async Task With_restartPolicy_Never_a_liveness_kill_leaves_the_container_terminated()
    {
        var supervisor = Supervise("exec sleep 300", RestartPolicy.Never);
        await WaitFor(supervisor, s => s.State is ContainerStateRunning);

        await supervisor.KillAsync(TimeSpan.FromSeconds(30)).WaitAsync(TimeSpan.FromSeconds(10));
        await supervisor.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        var terminated = Assert.IsType<ContainerStateTerminated>(supervisor.Status.State);
        Assert.Equal(143, terminated.ExitCode);
        Assert.Equal("Error", terminated.Reason);
        Assert.Equal(0, supervisor.Status.RestartCount);
    }

    [Fact]
    public async Task Stopping_the_pod_stops_the_container_for_good()
    {
        var supervisor = Supervise("exec sleep 300", RestartPolicy.Always);
        await WaitFor(supervisor, s => s.State is ContainerStateRunning);
        var pid = supervisor.Current!.Pid;
        Assert.Equal("previous terminated container \"app\" in pod \"web-0\" not found", supervisor.FindLog(previous: true).Error);

        await supervisor.StopAsync(TimeSpan.FromSeconds(30)).WaitAsync(TimeSpan.FromSeconds(10));

        var terminated = Assert.IsType<ContainerStateTerminated>(supervisor.Status.State);
        Assert.Equal(143, terminated.ExitCode);
        Assert.False(ProcessProbe.IsRunning(pid));
        Assert.Equal(0, supervisor.Status.RestartCount);
        Assert.True(supervisor.Completion.IsCompleted);
    }

    [Fact]
    public async Task Stopping_during_CrashLoopBackOff_cancels_the_pending_restart()
    {
        var supervisor = Supervise("exit 1", RestartPolicy.Always);
        await WaitFor(supervisor, s => s is { RestartCount: 1, State: ContainerStateWaiting });

        await supervisor.StopAsync(TimeSpan.FromSeconds(30)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.IsType<ContainerStateTerminated>(supervisor.Status.State);
        Assert.Equal(2, _events.OfType<ContainerStarted>().Count());
    }

    [Fact]
    public async Task A_container_that_cannot_start_is_a_StartError_and_backs_off()
    {
        _supervisor = new ContainerSupervisor(new ContainerProcessSpec("app", "no-such-binary-xyz", []), RestartPolicy.Always, _pod.Identity, _pod.Directory, _time, _events.Enqueue);
        _supervisor.Start();

        await WaitFor(_supervisor, s => s is { RestartCount: 1, State: ContainerStateWaiting });

        Assert.Equal(128, _supervisor.Status.LastState!.ExitCode);
        Assert.Equal("StartError", _supervisor.Status.LastState.Reason);
        Assert.Contains("executable file not found", _supervisor.Status.LastState.Message, StringComparison.Ordinal);
        Assert.Equal(2, _events.OfType<ContainerStartFailed>().Count());
        Assert.Contains("is waiting to start", _supervisor.FindLog(previous: false).Error ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_results_overlay_the_status_only_while_running()
    {
        var running = new ContainerStatus("app", new ContainerStateRunning(DateTimeOffset.UnixEpoch), null, 0, "sandbox://x", false, true);
        var waiting = running with { State = new ContainerStateWaiting("CrashLoopBackOff") };

        Assert.True(running.WithProbes(started: true, ready: true).Ready);
        Assert.False(running.WithProbes(started: false, ready: true).Ready);
        Assert.False(waiting.WithProbes(started: true, ready: true).Ready);
        Assert.False(waiting.WithProbes(started: true, ready: true).Started);
    }
}
