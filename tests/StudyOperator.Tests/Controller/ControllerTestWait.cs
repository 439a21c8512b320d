namespace StudyOperator.Tests.Controller;

/// <summary>Deadline waits for the controller tests: conditions through <see cref="Eventually"/>, and tasks that must finish in time.</summary>
internal static class ControllerTestWait
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Polls quickly (2 ms) because these tests advance a fake clock between checks.</summary>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        Eventually.True(condition, timeout ?? DefaultTimeout, what, poll: TimeSpan.FromMilliseconds(2));

    /// <summary>Awaits a task that must finish within the deadline.</summary>
    public static async Task<T> Within<T>(Task<T> task, string what, TimeSpan? timeout = null)
    {
        try
        {
            return await task.WaitAsync(timeout ?? DefaultTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out waiting for {what}.");
        }
    }

    public static async Task Within(Task task, string what, TimeSpan? timeout = null)
    {
        try
        {
            await task.WaitAsync(timeout ?? DefaultTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out waiting for {what}.");
        }
    }
}
