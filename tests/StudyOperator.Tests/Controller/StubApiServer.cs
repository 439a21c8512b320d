using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StudyOperator.Tests.Controller;

/// <summary>
/// A minimal HTTP endpoint on 127.0.0.1 (OS-chosen port) that answers one collection path with a scripted list and
/// scripted watch streams in the API server's wire format, so the real KubernetesClient calls can be checked.
/// </summary>
internal sealed class StubApiServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<string> lists = new();
    private readonly ConcurrentQueue<string[]> watches = new();

    private StubApiServer(WebApplication app) => this.app = app;

    public ConcurrentQueue<string> Requests { get; } = new();

    public string BaseAddress { get; private set; } = "";

    public static async Task<StubApiServer> StartAsync(string collectionPath)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var server = new StubApiServer(builder.Build());
        server.app.MapGet(collectionPath, server.HandleAsync);
        await server.app.StartAsync();
        server.BaseAddress = server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return server;
    }

    /// <summary>The body of the next plain list call.</summary>
    public void RespondToList(string json) => lists.Enqueue(json);

    /// <summary>The lines of the next watch call; after them the server closes the stream. With no script queued
    /// a watch stays open until the client goes away.</summary>
    public void RespondToWatch(params string[] lines) => watches.Enqueue(lines);

    public int CountRequests(string contains) => Requests.Count(r => r.Contains(contains, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Requests.Enqueue(context.Request.Path + context.Request.QueryString);
        context.Response.ContentType = "application/json";
        if (context.Request.Query["watch"] != "true")
        {
            await context.Response.WriteAsync(lists.TryDequeue(out var body) ? body : """{"kind":"Status","code":500}""", context.RequestAborted);
            return;
        }

        if (!watches.TryDequeue(out var lines))
        {
            await context.Response.Body.FlushAsync(context.RequestAborted);
            try
            {
                await Cancellation.UntilCancelled(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client closed the watch.
            }

            return;
        }

        foreach (var line in lines)
        {
            await context.Response.WriteAsync(line + "\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }
}
