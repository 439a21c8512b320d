using System.Collections.Concurrent;

namespace StudyOperator.Controller;

/// <summary>
/// Per-key exponential failure backoff, like client-go's ItemExponentialFailureRateLimiter:
/// the n-th consecutive failure of a key waits baseDelay·2ⁿ, capped at maxDelay, until <see cref="Forget"/>.
/// </summary>
internal sealed class ExponentialBackoff<TKey>(TimeSpan baseDelay, TimeSpan maxDelay) where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, int> failures = new();

    public TimeSpan BaseDelay { get; } = baseDelay > TimeSpan.Zero ? baseDelay : throw new ArgumentOutOfRangeException(nameof(baseDelay));

    public TimeSpan MaxDelay { get; } = maxDelay >= baseDelay ? maxDelay : throw new ArgumentOutOfRangeException(nameof(maxDelay));

    /// <summary>Counts one more failure of the key and returns how long to wait before retrying it.</summary>
    public TimeSpan When(TKey key)
    {
        var exponent = failures.AddOrUpdate(key, 1, static (_, n) => n == int.MaxValue ? n : n + 1) - 1;
        return DelayFor(exponent);
    }

    public int NumRequeues(TKey key) => failures.TryGetValue(key, out var n) ? n : 0;

    public void Forget(TKey key) => failures.TryRemove(key, out _);

    internal TimeSpan DelayFor(int exponent)
    {
        // 2^exponent overflows long ticks long before it matters; stop doubling once past the cap.
        if (exponent >= 62)
        {
            return MaxDelay;
        }

        var ticks = BaseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
