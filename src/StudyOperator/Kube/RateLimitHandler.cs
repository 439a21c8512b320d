using System.Threading.RateLimiting;

namespace StudyOperator.Kube;

/// <summary>
/// Client-side rate limit on API requests (client-go's QPS and burst): a token bucket holding
/// <c>burst</c> tokens, refilled at <c>qps</c> per second. Requests wait for a token rather than fail,
/// so a burst of reconciles on a shared cluster is smoothed instead of hammering the API server.
/// </summary>
internal sealed class RateLimitHandler(int qps, int burst) : DelegatingHandler
{
    // Refill in steps of at least 10 ms: finer timers are not honoured, coarser ones make traffic lumpy.
    private readonly TokenBucketRateLimiter _bucket = new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = burst,
        TokensPerPeriod = (int)Math.Ceiling(qps / 100.0),
        ReplenishmentPeriod = TimeSpan.FromSeconds(Math.Ceiling(qps / 100.0) / qps),
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var lease = await _bucket.AcquireAsync(1, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _bucket.Dispose();
        }

        base.Dispose(disposing);
    }
}
