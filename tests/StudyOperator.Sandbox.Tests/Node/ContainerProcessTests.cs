using Microsoft.Extensions.Time.Testing;
using StudyOperator.Sandbox.Node;

namespace StudyOperator.Sandbox.Tests.Node;

public sealed class ContainerProcessTests : IDisposable
{
    private readonly TestPod _pod = new();

    public void Dispose() => _pod.Dispose();

    [Fact]
    public async Task A_process_that_exits_reports_its_exit_code_times_and_output()
    {
        await using var container = _pod.Start(TestPod.Shell("echo hello; echo oops >&2; exit 3"));

        var exit = await container.Exited.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(3, exit.ExitCode);
        Assert.Equal("Error", exit.Reason);
        Assert.True(exit.FinishedAt >= exit.StartedAt);
        var lines = container.Log.Read(new LogQuery());
        Assert.Contains(lines, l => l is { Stream: LogStream.Stdout, Text: "hello" });
        Assert.Contains(lines, l => l is { Stream: LogStream.Stderr, Text: "oops" });
        Assert.True(container.Log.IsCompleted);
        Assert.StartsWith("sandbox://", container.ContainerId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exit_code_zero_is_Completed()
    {
        await using var container = _pod.Start(TestPod.Shell("true"));

        var exit = await container.Exited.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, exit.ExitCode);
        Assert.Equal("Completed", exit.Reason);
    }

    [Fact]
    public async Task The_downward_API_values_and_the_container_env_reach_the_process()
    {
        var env = new Dictionary<string, string> { ["GREETING"] = "hi there" };
        var spec = TestPod.Shell("echo \"$POD_NAME $POD_NAMESPACE $POD_IP $GREETING\"; echo \"$SANDBOX_TERMINATION_MESSAGE_PATH\"; pwd") with { Env = env };
        await using var container = _pod.Start(spec);

        await container.Exited.WaitAsync(TimeSpan.FromSeconds(10));

        var lines = container.Log.Read(new LogQuery()).Select(l => l.Text).ToList();
        Assert.Equal("web-0 default 127.1.200.10 hi there", lines[0]);
        Assert.Equal(_pod.Directory.TerminationMessagePath("app"), lines[1]);
        Assert.Equal(_pod.Directory.ContainerDirectory("app"), lines[2]);
    }

    [Fact]
    public async Task The_sandbox_environment_does_not_leak_into_containers()
    {
        Environment.SetEnvironmentVariable("STUDY_SANDBOX_SECRET_FOR_TEST", "leak");
        await using var container = _pod.Start(TestPod.Shell("echo \"[$STUDY_SANDBOX_SECRET_FOR_TEST]\""));

        await container.Exited.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("[]", container.Log.Read(new LogQuery())[0].Text);
    }

    [Fact]
    public async Task SIGTERM_handled_by_the_process_ends_it_within_the_grace_period()
    {
        await using var container = _pod.Start(TestPod.Shell("trap 'echo bye; exit 0' TERM; echo ready; while true; do sleep 0.05; done"));
        await Eventually.True(() => container.Log.TotalLines > 0);

        var exit = await container.StopAsync(TimeSpan.FromSeconds(30)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, exit.ExitCode);
        Assert.Contains(container.Log.Read(new LogQuery()), l => l.Text == "bye");
        Assert.False(ProcessProbe.IsRunning(container.Pid));
    }

    [Fact]
    public async Task SIGTERM_ignored_is_followed_by_SIGKILL_when_the_grace_period_is_over()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var container = _pod.Start(TestPod.Shell("trap 'echo ignoring TERM' TERM; echo ready; while true; do sleep 0.05; done"), time: time);
        await Eventually.True(() => container.Log.TotalLines > 0);

        var stopping = container.StopAsync(TimeSpan.FromSeconds(30));
        // The process shrugs SIGTERM off: until the grace period is over it keeps running.
        await Eventually.True(() => container.Log.Read(new LogQuery()).Any(l => l.Text == "ignoring TERM"));
        Assert.True(ProcessProbe.IsRunning(container.Pid));
        Assert.False(stopping.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(30));
        var exit = await stopping.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(137, exit.ExitCode);
        Assert.False(ProcessProbe.IsRunning(container.Pid));
    }

    [Fact]
    public async Task Disposing_kills_the_process_and_every_child_it_started()
    {
        var childPidFile = Path.Combine(_pod.Directory.Path, "child.pid");
        var container = _pod.Start(TestPod.Shell($"sleep 300 & echo $! > {childPidFile}; sh -c 'sleep 300' & wait"));
        await Eventually.True(() => File.Exists(childPidFile) && File.ReadAllText(childPidFile).EndsWith('\n'));
        var child = int.Parse(File.ReadAllText(childPidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(ProcessProbe.IsRunning(container.Pid));
        Assert.True(ProcessProbe.IsRunning(child));

        await container.DisposeAsync();

        Assert.False(ProcessProbe.IsRunning(container.Pid));
        // SIGKILL went to the whole group before DisposeAsync returned; the kernel finishes them off asynchronously.
        await Eventually.True(() => !ProcessProbe.IsRunning(child), because: "the background child must die with its container");
        await Eventually.True(() => ProcessesInGroup(container.Pid).Count == 0, because: "nothing of the container may be left");
    }

    [Fact]
    public async Task Children_left_behind_by_an_exited_main_process_are_killed()
    {
        var childPidFile = Path.Combine(_pod.Directory.Path, "child.pid");
        await using var container = _pod.Start(TestPod.Shell($"sleep 300 > /dev/null 2>&1 & echo $! > {childPidFile}; exit 0"));

        await container.Exited.WaitAsync(TimeSpan.FromSeconds(10));

        var child = int.Parse(File.ReadAllText(childPidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await Eventually.True(() => !ProcessProbe.IsRunning(child));
        await Eventually.True(() => ProcessesInGroup(container.Pid).Count == 0);
    }

    [Fact]
    public void A_missing_executable_is_a_start_error()
    {
        var spec = new ContainerProcessSpec("app", "definitely-not-an-executable-xyz", []);

        var error = Assert.Throws<ContainerStartException>(() => _pod.Start(spec));

        Assert.Contains("executable file not found in $PATH", error.Message, StringComparison.Ordinal);
    }

    private static List<int> ProcessesInGroup(int processGroup)
    {
        var members = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] = state, fields[2] = pgrp
            if (fields[2] == processGroup.ToString(System.Globalization.CultureInfo.InvariantCulture) && fields[0] is not ("Z" or "X"))
            {
                members.Add(pid);
            }
        }
        return members;
    }
}
