using System.Diagnostics;

namespace StudyOperator.Sandbox.Tests.Node;

/// <summary>Deadline polling: waits for a condition instead of sleeping a fixed time.</summary>
internal static class Eventually
{
    public static async Task True(Func<bool> condition, TimeSpan? timeout = null, string? because = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (deadline.Elapsed > limit)
            {
                Assert.Fail($"Condition not met within {limit}{(because is null ? "" : ": " + because)}.");
            }
            await Task.Delay(10);
        }
    }
}
