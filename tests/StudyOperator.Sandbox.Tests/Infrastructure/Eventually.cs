using System.Diagnostics;

namespace StudyOperator.Sandbox.Tests.Infrastructure;

/// <summary>Polls a condition until it holds or a deadline passes.</summary>
public static class Eventually
{
    public static async Task True(Func<Task<bool>> condition, TimeSpan timeout, string because = "condition")
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (watch.Elapsed > timeout)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds}s waiting for {because}");
            }

            await Task.Delay(20);
        }
    }

    public static Task True(Func<bool> condition, TimeSpan timeout, string because = "condition") =>
        True(() => Task.FromResult(condition()), timeout, because);
}
