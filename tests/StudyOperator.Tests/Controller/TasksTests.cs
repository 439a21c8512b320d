using StudyOperator.Controller;

namespace StudyOperator.Tests.Controller;

public sealed class TasksTests
{
    [Fact]
    public async Task The_first_failure_is_reported_while_the_other_tasks_still_run()
    {
        var running = new TaskCompletionSource();
        var failing = new TaskCompletionSource();
        var first = Tasks.FirstFailureAsync([running.Task, failing.Task]);
        Assert.False(first.IsCompleted);

        failing.SetException(new NotSupportedException("cannot read StudyLab"));

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => first);
        Assert.Equal("cannot read StudyLab", error.Message);
        Assert.False(running.Task.IsCompleted);
    }

    [Fact]
    public async Task Tasks_that_all_end_well_complete_it_without_an_error()
    {
        var a = new TaskCompletionSource();
        var b = new TaskCompletionSource();
        var all = Tasks.FirstFailureAsync([a.Task, b.Task]);

        a.SetResult();
        Assert.False(all.IsCompleted);
        b.SetResult();

        await all;
        Assert.True(all.IsCompletedSuccessfully);
    }
}
