using StudyOperator.Sandbox.Api;

namespace StudyOperator.Sandbox.Diagnostics;

/// <summary>Applies the current <see cref="FaultSettings"/> to requests; settings can be swapped at runtime.</summary>
internal sealed class FaultInjector(FaultSettings initial, TimeProvider time)
{
    private FaultSettings settings = initial;

    public FaultSettings Settings
    {
        get => Volatile.Read(ref settings);
        set => Volatile.Write(ref settings, value);
    }

    /// <summary>Delays and possibly fails a resource request before it is handled.</summary>
    public async Task BeforeRequestAsync(string verb, CancellationToken cancellationToken)
    {
        var s = Settings;
        if (s.Latency > TimeSpan.Zero)
        {
            await Task.Delay(s.Latency, time, cancellationToken);
        }

        if (s.ThrottleRate > 0 && Random.Shared.NextDouble() < s.ThrottleRate)
        {
            throw new ApiException(429, "TooManyRequests", "the server has received too many requests and has asked us to try again later")
            {
                RetryAfterSeconds = s.RetryAfterSeconds,
            };
        }

        var rate = s.ErrorRates.TryGetValue(verb, out var r) ? r : s.ErrorRates.GetValueOrDefault("*");
        if (rate > 0 && Random.Shared.NextDouble() < rate)
        {
            throw s.ErrorCode == 503
                ? new ApiException(503, "ServiceUnavailable", "the server is currently unable to handle the request (injected fault)") { RetryAfterSeconds = s.RetryAfterSeconds }
                : new ApiException(500, "InternalError", "Internal error occurred: injected fault");
        }
    }
}
