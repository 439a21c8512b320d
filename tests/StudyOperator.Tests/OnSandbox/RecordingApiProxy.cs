using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace StudyOperator.Tests.OnSandbox;

/// <summary>
/// An HTTP reverse proxy in front of a sandbox that writes down every request passing through it. A client whose
/// kubeconfig points here (the operator under test) is recorded; a client talking to the sandbox directly (the test's
/// own) is not, so the record is exactly one identity's traffic, as an apiserver's audit log would attribute it.
/// Recording on the wire rather than in the operator's handler pipeline also catches a request sent by a second
/// client built from the same configuration. Responses are streamed, so watches work through it.
/// </summary>
internal sealed class RecordingApiProxy : IAsyncDisposable
{
    // Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are not forwarded; Host names the upstream.
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    private readonly WebApplication _app;
    private readonly Uri _upstream;
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false })
    {
        Timeout = Timeout.InfiniteTimeSpan, // watches stay open until the caller ends them
    };

    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private RecordingApiProxy(WebApplication app, Uri upstream)
    {
        _app = app;
        _upstream = upstream;
    }

    /// <summary>Where clients send requests to be recorded and forwarded.</summary>
    public Uri BaseAddress => new(_app.Urls.First());

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<RecordingApiProxy> StartAsync(Uri upstream)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var proxy = new RecordingApiProxy(app, upstream);
        app.Run(proxy.ForwardAsync);
        await app.StartAsync();
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var incoming = context.Request;
        var pathAndQuery = incoming.Path.ToUriComponent() + incoming.QueryString.ToUriComponent();
        _requests.Enqueue(new RecordedRequest(incoming.Method, incoming.Path.Value ?? "/", incoming.QueryString.Value ?? ""));

        using var outgoing = new HttpRequestMessage(new HttpMethod(incoming.Method), new Uri(_upstream, pathAndQuery));
        using var body = new MemoryStream();
        await incoming.Body.CopyToAsync(body, context.RequestAborted);
        if (body.Length > 0)
        {
            outgoing.Content = new ByteArrayContent(body.ToArray());
        }

        foreach (var (name, values) in incoming.Headers.Where(h => !NotForwarded.Contains(h.Key)))
        {
            if (!outgoing.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                outgoing.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        try
        {
            using var response = await _client.SendAsync(outgoing, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers).Where(h => !NotForwarded.Contains(h.Key)))
            {
                context.Response.Headers[name] = values.ToArray();
            }

            // Each read is written (and by Kestrel flushed) at once, so watch events pass through as they happen.
            await using var stream = await response.Content.ReadAsStreamAsync(context.RequestAborted);
            await stream.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (a watch it closed, or the operator stopping): nothing left to forward.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _client.Dispose();
    }
}
