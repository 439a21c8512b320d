using StudyOperator.Probe;

namespace StudyOperator.Tests.Probe;

public sealed class TerminationMessageTests
{
    [Fact]
    public void The_result_file_option_wins_over_everything() =>
        Assert.Equal("/tmp/r.json", TerminationMessage.ResolvePath("/tmp/r.json", _ => "/sandbox/path"));

    [Fact]
    public void In_the_sandbox_its_kubelet_chooses_the_path() =>
        Assert.Equal("/sandbox/pod-7/termination-log", TerminationMessage.ResolvePath(null, name => name == "SANDBOX_TERMINATION_MESSAGE_PATH" ? "/sandbox/pod-7/termination-log" : null));

    [Fact]
    public void Otherwise_the_kubelet_default_path_is_used() =>
        Assert.Equal("/dev/termination-log", TerminationMessage.ResolvePath(null, _ => null));
}
