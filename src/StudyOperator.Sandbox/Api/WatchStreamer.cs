using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using StudyOperator.Sandbox.Diagnostics;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Api;

/// <summary>
/// Serves <c>?watch=true</c>: 200 chunked <c>application/json</c>, one flushed line per event; initial ADDED events
/// for RV ""/"0" or sendInitialEvents; 410 as an ERROR event; selector transitions as ADDED/DELETED; bookmarks.
/// </summary>
internal sealed class WatchStreamer(ResourceService service, FaultInjector faults, TimeProvider time, TimeSpan bookmarkInterval, CancellationToken stopping)
{

    public async Task StreamAsync(HttpContext context, WatchRequest request, CancellationToken cancellationToken)
    {
        var type = request.Type;
        var store = service.Store;
        var ns = type.Namespaced && request.Namespace.Length > 0 ? request.Namespace : null;
        List<JsonObject> initial = [];
        StoreSubscription? subscription = null;
        long startRv;
        ResourceVersionExpiredException? expired = null;
        lock (store.Sync)
        {
            var rv = request.ResourceVersion;
            var fromList = request.SendInitialEvents || rv is "" or "0";
            startRv = store.CurrentResourceVersion;
            if (fromList)
            {
                initial = store.List(type.EffectiveStorageKey, ns).Items.Where(o => Matches(request, o)).ToList();
                subscription = store.Subscribe(type.EffectiveStorageKey, ns, startRv);
            }
            else if (!long.TryParse(rv, NumberStyles.None, CultureInfo.InvariantCulture, out var from))
            {
                throw StatusBodies.BadRequest($"resourceVersion: Invalid value: \"{rv}\": must be a valid resourceVersion");
            }
            else
            {
                try
                {
                    subscription = store.Subscribe(type.EffectiveStorageKey, ns, from);
                    startRv = from;
                }
                catch (ResourceVersionExpiredException e)
                {
                    expired = e;
                }
            }
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-cache, private";
        if (expired is not null)
        {
            var status = StatusBodies.Failure(410, "Expired", expired.Message);
            await WriteEventAsync(context, "ERROR", status, cancellationToken);
            return;
        }

        using var sub = subscription!;
        var limit = request.Timeout;
        var drop = faults.Settings.DropWatchesEvery;
        if (drop > TimeSpan.Zero && drop < limit)
        {
            limit = drop;
        }

        using var timeout = new CancellationTokenSource(limit, time);
        // Streams also end when the sandbox stops, so shutdown does not wait for watchers to hang up.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, stopping);
        var token = linked.Token;
        try
        {
            await context.Response.StartAsync(token);
            await context.Response.BodyWriter.FlushAsync(token);
            foreach (var obj in initial)
            {
                await WriteEventAsync(context, "ADDED", Encode(request, obj), token);
            }

            if (request.SendInitialEvents)
            {
                await WriteEventAsync(context, "BOOKMARK", Bookmark(request, startRv, initialEventsEnd: true), token);
            }

            var lastBookmark = time.GetTimestamp();
            while (!token.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(token);
                if (request.AllowBookmarks)
                {
                    wait.CancelAfter(bookmarkInterval);
                }

                try
                {
                    if (!await sub.Events.WaitToReadAsync(wait.Token))
                    {
                        return;
                    }
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    // Bookmark interval elapsed with no events.
                }

                while (sub.Events.TryRead(out var e))
                {
                    var (kind, obj) = Classify(request, e);
                    if (kind is not null)
                    {
                        await WriteEventAsync(context, kind, Encode(request, obj!), token);
                    }
                }

                if (request.AllowBookmarks && time.GetElapsedTime(lastBookmark) >= bookmarkInterval)
                {
                    long rv;
                    lock (store.Sync)
                    {
                        rv = store.CurrentResourceVersion;
                    }

                    // Everything committed up to rv is already in the channel; send it before the bookmark.
                    while (sub.Events.TryRead(out var e))
                    {
                        var (kind, obj) = Classify(request, e);
                        if (kind is not null)
                        {
                            await WriteEventAsync(context, kind, Encode(request, obj!), token);
                        }
                    }

                    await WriteEventAsync(context, "BOOKMARK", Bookmark(request, rv, initialEventsEnd: false), token);
                    lastBookmark = time.GetTimestamp();
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // timeoutSeconds elapsed, a fault dropped the stream, or the client went away: end the stream cleanly.
        }
    }

    private bool Matches(WatchRequest request, JsonObject stored) =>
        request.Labels.Matches(stored.Labels()) && request.Fields.Matches(request.Type.Strategy, stored);

    /// <summary>Maps a store change to the event this watcher sees, given its selectors (cache_watcher.go).</summary>
    private (string? Kind, JsonObject? Object) Classify(WatchRequest request, StoreEvent e)
    {
        var now = Matches(request, e.Object);
        var before = e.OldObject is not null && Matches(request, e.OldObject);
        return e.Type switch
        {
            WatchEventType.Added => now ? ("ADDED", e.Object) : (null, null),
            WatchEventType.Deleted => before || now ? ("DELETED", e.Object) : (null, null),
            _ when now && before => ("MODIFIED", e.Object),
            _ when now => ("ADDED", e.Object),
            _ when before => ("DELETED", e.Object),
            _ => (null, null),
        };
    }

    private JsonObject Encode(WatchRequest request, JsonObject stored)
    {
        var served = service.Serve(request.Type, stored);
        return request.Format switch
        {
            OutputFormat.Table => TableConverter.ToTable(request.Type, [served], request.IncludeObject, time.GetUtcNow(), served.Str("metadata", "resourceVersion") ?? "", null),
            OutputFormat.PartialObjectMetadata => TableConverter.PartialMetadata(request.Type, served),
            _ => served,
        };
    }

    private static JsonObject Bookmark(WatchRequest request, long rv, bool initialEventsEnd)
    {
        var meta = new JsonObject { ["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture), ["creationTimestamp"] = null };
        if (initialEventsEnd)
        {
            meta["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }

        return new JsonObject { ["kind"] = request.Type.Kind, ["apiVersion"] = request.Type.GroupVersion, ["metadata"] = meta };
    }

    private static async Task WriteEventAsync(HttpContext context, string type, JsonObject obj, CancellationToken cancellationToken)
    {
        var output = context.Response.BodyWriter;
        var writer = new Utf8JsonWriter(output);
        await using (writer.ConfigureAwait(false))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WritePropertyName("object");
            obj.WriteTo(writer);
            writer.WriteEndObject();
        }

        await output.WriteAsync("\n"u8.ToArray(), cancellationToken);
        await output.FlushAsync(cancellationToken);
    }
}
