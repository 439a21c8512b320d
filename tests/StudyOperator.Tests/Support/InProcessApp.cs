using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using StudyOperator.App;

namespace StudyOperator.Tests.Support;

/// <summary>The app hosted in the test process on 127.0.0.1 and an OS-assigned port.</summary>
internal sealed class InProcessApp : IAsyncDisposable
{
    private readonly ConcurrentQueue<int> exitCodes;
    private Task? stopping;

    private InProcessApp(WebApplication app, Uri baseUri, CollectingLoggerProvider logs, ConcurrentQueue<int> exitCodes)
    {
        this.exitCodes = exitCodes;
        Host = app;
        BaseUri = baseUri;
        Logs = logs;
        Client = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication Host { get; }

    public Uri BaseUri { get; }

    public HttpClient Client { get; }

    public CollectingLoggerProvider Logs { get; }

    /// <summary>Exit codes the crash fault asked for (the test process itself is never exited).</summary>
    public IReadOnlyCollection<int> ExitRequests => exitCodes.ToArray();

    /// <summary>Starts the app; unless the options say otherwise it drains for 0 s so tests stop fast.</summary>
    public static async Task<InProcessApp> StartAsync(AppOptions? options = null, TimeProvider? time = null)
    {
        options = (options ?? new AppOptions { DrainDelay = TimeSpan.Zero }) with { Port = 0, ListenAddress = IPAddress.Loopback, HandleSignals = false };
        var logs = new CollectingLoggerProvider();
        var exitCodes = new ConcurrentQueue<int>();
        var app = AppHost.Build(options, exitCodes.Enqueue, time, logging => logging.AddProvider(logs));
        await app.StartAsync();
        return new InProcessApp(app, AppHost.ListeningAddresses(app).Single(), logs, exitCodes);
    }

    /// <summary>Stops the host (as SIGTERM would); disposing afterwards waits for this same stop.</summary>
    public Task StopAsync()
    {
        lock (exitCodes)
            return stopping ??= Host.StopAsync();
    }

    public async Task<HttpStatusCode> StatusOfAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        return response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await Host.DisposeAsync();
    }
}
