using System.Text;
using StudyOperator.Sandbox.Node;

namespace StudyOperator.Sandbox.Tests.Node;

public sealed class TerminationMessageTests : IDisposable
{
    private readonly TestPod _pod = new();

    public void Dispose() => _pod.Dispose();

    [Fact]
    public async Task The_message_is_what_the_container_wrote_to_its_termination_message_file()
    {
        await using var container = _pod.Start(TestPod.Shell("printf 'all done' > \"$SANDBOX_TERMINATION_MESSAGE_PATH\"; exit 0"));

        var exit = await container.Exited.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("all done", exit.Message);
    }

    [Fact]
    public async Task A_long_message_keeps_its_last_4096_bytes()
    {
        await using var container = _pod.Start(TestPod.Shell("head -c 5000 /dev/zero | tr '\\0' a > \"$SANDBOX_TERMINATION_MESSAGE_PATH\"; printf END >> \"$SANDBOX_TERMINATION_MESSAGE_PATH\""));

        var exit = await container.Exited.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(4096, Encoding.UTF8.GetByteCount(exit.Message));
        Assert.EndsWith("aaaEND", exit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FallbackToLogsOnError_uses_the_last_80_log_lines_when_the_file_is_empty_and_the_container_failed()
    {
        var spec = TestPod.Shell("i=0; while [ $i -lt 100 ]; do echo \"l$i\"; i=$((i+1)); done; exit 2", TerminationMessagePolicy.FallbackToLogsOnError);
        await using var container = _pod.Start(spec);

        var exit = await container.Exited.WaitAsync(TimeSpan.FromSeconds(10));

        var lines = exit.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(80, lines.Length);
        Assert.Equal("l20", lines[0]);
        Assert.Equal("l99", lines[^1]);
    }

    [Fact]
    public async Task FallbackToLogsOnError_keeps_only_the_last_2048_bytes_of_the_log_tail()
    {
        var spec = TestPod.Shell("i=0; while [ $i -lt 80 ]; do printf '%0100d\\n' $i; i=$((i+1)); done; echo LAST; exit 1", TerminationMessagePolicy.FallbackToLogsOnError);
        await using var container = _pod.Start(spec);

        var exit = await container.Exited.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(TerminationMessage.MaxLogBytes, Encoding.UTF8.GetByteCount(exit.Message));
        Assert.EndsWith("LAST\n", exit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FallbackToLogsOnError_is_not_used_for_a_successful_exit()
    {
        await using var container = _pod.Start(TestPod.Shell("echo some output", TerminationMessagePolicy.FallbackToLogsOnError));

        var exit = await container.Exited.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("", exit.Message);
    }

    [Fact]
    public async Task FallbackToLogsOnError_prefers_the_file_when_it_has_content()
    {
        var spec = TestPod.Shell("echo noise; printf 'from file' > \"$SANDBOX_TERMINATION_MESSAGE_PATH\"; exit 1", TerminationMessagePolicy.FallbackToLogsOnError);
        await using var container = _pod.Start(spec);

        var exit = await container.Exited.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("from file", exit.Message);
    }

    [Fact]
    public async Task The_File_policy_never_reads_the_logs()
    {
        await using var container = _pod.Start(TestPod.Shell("echo noise; exit 1"));

        var exit = await container.Exited.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("", exit.Message);
    }

    [Fact]
    public async Task Each_instance_starts_with_an_empty_message_file()
    {
        await using (var first = _pod.Start(TestPod.Shell("printf first > \"$SANDBOX_TERMINATION_MESSAGE_PATH\"")))
        {
            Assert.Equal("first", (await first.Exited.WaitAsync(TimeSpan.FromSeconds(10))).Message);
        }
        await using var second = _pod.Start(TestPod.Shell("true"));

        Assert.Equal("", (await second.Exited.WaitAsync(TimeSpan.FromSeconds(10))).Message);
    }
}
