using System.Diagnostics;

namespace StudyOperator.Tests.Support;

/// <summary>Waits for a condition with a deadline: the only way tests here wait for anything.</summary>
public static class Eventually
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    public static Task True(Func<bool> condition, TimeSpan timeout, string? because = null) =>
        True(() => Task.FromResult(condition()), timeout, because);

    public static async Task True(Func<Task<bool>> condition, TimeSpan timeout, string? because = null)
    {
        await Value(async () => await condition() ? true : (bool?)null, timeout, because);
    }

    /// <summary>Polls until <paramref name="probe"/> returns a non-null value and returns it; fails the test at the deadline.</summary>
    public static async Task<T> Value<T>(Func<Task<T?>> probe, TimeSpan timeout, string? because = null)
        where T : struct
    {
        var watch = Stopwatch.StartNew();
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await probe() is { } value)
                    return value;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
            {
                last = e; // not there yet (connection refused while a process starts, and so on)
            }

            if (watch.Elapsed > timeout)
                throw new TimeoutException($"Condition not met within {timeout}: {because ?? "(no description)"}", last);
            await Task.Delay(Poll);
        }
    }

    /// <summary>Reference-type variant of <see cref="Value{T}"/>.</summary>
    public static async Task<T> Object<T>(Func<Task<T?>> probe, TimeSpan timeout, string? because = null)
        where T : class
    {
        var holder = await Value(async () => await probe() is { } value ? new Box<T>(value) : (Box<T>?)null, timeout, because);
        return holder.Item;
    }

    private readonly record struct Box<T>(T Item);
}
