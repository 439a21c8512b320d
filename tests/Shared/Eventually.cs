using System.Diagnostics;

namespace StudyOperator.Testing;

/// <summary>
/// Waits for a condition with a deadline: the only way the tests wait for anything (never a bare delay).
/// Shared by every test project. Transport errors while polling (a process or listener still starting)
/// count as "not yet"; any other exception fails at once.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DefaultPoll = TimeSpan.FromMilliseconds(20);

    public static Task True(Func<bool> condition, TimeSpan? timeout = null, string? because = null, TimeSpan? poll = null) =>
        True(() => Task.FromResult(condition()), timeout, because, poll);

    public static async Task True(Func<Task<bool>> condition, TimeSpan? timeout = null, string? because = null, TimeSpan? poll = null)
    {
        await Value(async () => await condition() ? true : (bool?)null, timeout, because, poll);
    }

    /// <summary>Polls until <paramref name="probe"/> returns a non-null value and returns it; fails the test at the deadline.</summary>
    public static async Task<T> Value<T>(Func<Task<T?>> probe, TimeSpan? timeout = null, string? because = null, TimeSpan? poll = null)
        where T : struct
    {
        var limit = timeout ?? DefaultTimeout;
        var watch = Stopwatch.StartNew();
        // The helper's own polling interval; the condition decides when the test moves on.
        using var ticks = new PeriodicTimer(poll ?? DefaultPoll);
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await probe() is { } value)
                {
                    return value;
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
            {
                last = e;
            }

            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"Condition not met within {limit}: {because ?? "(no description)"}", last);
            }

            await ticks.WaitForNextTickAsync();
        }
    }

    /// <summary>Reference-type variant of <see cref="Value{T}"/>.</summary>
    public static async Task<T> Object<T>(Func<Task<T?>> probe, TimeSpan? timeout = null, string? because = null, TimeSpan? poll = null)
        where T : class
    {
        var holder = await Value(async () => await probe() is { } value ? new Box<T>(value) : (Box<T>?)null, timeout, because, poll);
        return holder.Item;
    }

    private readonly record struct Box<T>(T Item);
}
