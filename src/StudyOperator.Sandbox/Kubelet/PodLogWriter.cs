using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Node;

namespace StudyOperator.Sandbox.Kubelet;

/// <summary>
/// <c>pods/{name}/log</c> for a container the node runs: PodLogOptions <c>previous</c> (chosen by the caller),
/// <c>tailLines</c>, <c>sinceSeconds</c>/<c>sinceTime</c>, <c>limitBytes</c>, <c>timestamps</c> and <c>follow</c>.
/// </summary>
internal static class PodLogWriter
{
    public static async Task<int> WriteAsync(HttpContext context, ContainerLogLookup lookup, TimeProvider time, CancellationToken cancellationToken)
    {
        if (lookup.Log is not { } log)
        {
            throw StatusBodies.BadRequest(lookup.Error ?? "container log not found");
        }

        var q = context.Request.Query;
        var tail = Long(q["tailLines"]);
        var limit = Long(q["limitBytes"]);
        DateTimeOffset? since = null;
        if (Long(q["sinceSeconds"]) is { } seconds)
        {
            since = time.GetUtcNow().AddSeconds(-seconds);
        }
        else if (q["sinceTime"].ToString() is { Length: > 0 } sinceTime)
        {
            since = DateTimeOffset.TryParse(sinceTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                ? t
                : throw StatusBodies.BadRequest($"sinceTime \"{sinceTime}\" is not an RFC 3339 time");
        }

        var timestamps = q["timestamps"].ToString() is "true" or "1";
        var query = new LogQuery(tail is null ? null : (int)Math.Min(tail.Value, int.MaxValue), since, limit, timestamps);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain";
        if (q["follow"].ToString() is not ("true" or "1"))
        {
            await context.Response.WriteAsync(log.Render(query), cancellationToken);
            return 200;
        }

        // Following: the selected lines, then each new one until the container instance ends or the client leaves.
        await context.Response.Body.FlushAsync(cancellationToken);
        var written = 0L;
        try
        {
            await foreach (var line in log.FollowAsync(query with { LimitBytes = null }, cancellationToken))
            {
                var text = line.Format(timestamps);
                if (limit is { } max)
                {
                    var left = max - written;
                    if (left <= 0)
                    {
                        break;
                    }

                    text = ContainerLog.TruncateUtf8(text, left);
                }

                written += Encoding.UTF8.GetByteCount(text);
                await context.Response.WriteAsync(text, cancellationToken);
                await context.Response.Body.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client stopped following.
        }

        return 200;
    }

    private static long? Long(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
