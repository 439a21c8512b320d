using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace StudyOperator.Controller;

/// <summary>
/// The outcome of one reconcile, telling the work queue whether and when to look at the key again
/// (the controller-runtime rules: error = retry with backoff, terminal error = no retry, RequeueAfter = check later).
/// </summary>
internal readonly record struct ReconcileResult
{
    private ReconcileResult(ReconcileResultKind kind, TimeSpan? delay, string? reason, Exception? error)
    {
        Kind = kind;
        Delay = delay;
        Reason = reason;
        Error = error;
    }

    public ReconcileResultKind Kind { get; }

    /// <summary>For <see cref="ReconcileResultKind.RequeueAfter"/> the delay; for a retry an explicit delay that replaces
    /// the backoff (Retry-After, or zero for an immediate re-read after a conflict); null means "use the backoff".</summary>
    public TimeSpan? Delay { get; }

    public string? Reason { get; }

    public Exception? Error { get; }

    public static ReconcileResult Done() => new(ReconcileResultKind.Done, null, null, null);

    public static ReconcileResult RequeueAfter(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new(ReconcileResultKind.RequeueAfter, delay, null, null);
    }

    public static ReconcileResult Retry(string reason, TimeSpan? after = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new(ReconcileResultKind.Retry, CheckDelay(after), reason, null);
    }

    public static ReconcileResult Retry(Exception error, TimeSpan? after = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(ReconcileResultKind.Retry, CheckDelay(after), error.Message, error);
    }

    public static ReconcileResult TerminalFailure(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new(ReconcileResultKind.TerminalFailure, null, reason, null);
    }

    /// <summary>
    /// Maps an exception thrown by a reconcile to a result:
    /// 429 → retry after Retry-After (header, else the Status' retryAfterSeconds, else backoff);
    /// 409 → retry with the per-key backoff, which starts at a few milliseconds: the cache usually has the
    /// newer object by then, and an immediate retry would only meet the same stale resourceVersion again;
    /// 5xx, network errors, anything else → retry with backoff (the caller logs it).
    /// </summary>
    public static ReconcileResult FromException(Exception error, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(time);
        return error switch
        {
            HttpOperationException { Response.StatusCode: HttpStatusCode.TooManyRequests } http => Retry(error, RetryAfter(http, time)),
            _ => Retry(error),
        };
    }

    /// <summary>True when the error is an API or transport failure rather than a bug, i.e. worth only a warning.</summary>
    public static bool IsApiOrTransportError(Exception error) => error is HttpOperationException or KubernetesException
        or HttpRequestException or IOException or SocketException or TimeoutException;

    internal static TimeSpan? RetryAfter(HttpOperationException error, TimeProvider time)
    {
        var headers = error.Response?.Headers;
        if (headers is not null)
        {
            foreach (var (name, values) in headers)
            {
                if (!name.Equals("Retry-After", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var value = values.FirstOrDefault()?.Trim();
                if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                {
                    return TimeSpan.FromSeconds(seconds);
                }

                if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                {
                    var wait = at - time.GetUtcNow();
                    return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
                }
            }
        }

        // The API server also puts the hint into the Status body (details.retryAfterSeconds).
        var body = error.Response?.Content;
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                var status = KubernetesJson.Deserialize<V1Status>(body);
                if (status?.Details?.RetryAfterSeconds is int fromStatus and >= 0)
                {
                    return TimeSpan.FromSeconds(fromStatus);
                }
            }
            catch (JsonException)
            {
                // Not a Status body (a proxy in between may answer with HTML); fall back to backoff.
            }
        }

        return null;
    }

    private static TimeSpan? CheckDelay(TimeSpan? delay)
    {
        if (delay is { } d)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(d, TimeSpan.Zero);
        }

        return delay;
    }

    public override string ToString() => Kind switch
    {
        ReconcileResultKind.Done => "Done",
        ReconcileResultKind.RequeueAfter => $"RequeueAfter({Delay})",
        ReconcileResultKind.Retry => Delay is { } d ? $"Retry({Reason}, after {d})" : $"Retry({Reason})",
        _ => $"TerminalFailure({Reason})",
    };
}
