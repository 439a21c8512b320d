using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StudyOperator.Probe;

/// <summary>
/// The probe's own small HTTP endpoint in traffic mode (<c>--counters-port</c>): <c>GET /counters</c> answers the
/// cumulative counters, <c>POST /stop</c> ends the run (the result is still written, with <c>complete: false</c>).
/// The lab engine reaches it through the API server's pod proxy, so it needs no route to the pod.
/// </summary>
internal sealed class ProbeCountersServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private ProbeCountersServer(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    /// <summary>Where the endpoint listens (with the real port when 0 was asked for).</summary>
    public Uri Address { get; }

    /// <param name="address">The pod IP to bind (POD_IP); null binds every interface.</param>
    /// <param name="port">TCP port; 0 lets the OS choose (tests).</param>
    /// <param name="counters">What GET /counters reads.</param>
    /// <param name="stop">What POST /stop does: cancel the run.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<ProbeCountersServer> StartAsync(IPAddress? address, int port, ProbeCounters counters, Action stop, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(stop);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        // The probe's stdout carries its result JSON; the endpoint itself logs nothing.
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (address is null)
                kestrel.ListenAnyIP(port);
            else
                kestrel.Listen(address, port);
        });

        var app = builder.Build();
        app.MapGet("/counters", () => Results.Json(counters.Read(), ProbeJsonContext.Default.ProbeCountersSnapshot));
        app.MapPost("/stop", () =>
        {
            stop();
            return Results.StatusCode(StatusCodes.Status202Accepted);
        });
        await app.StartAsync(cancellationToken);
        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new ProbeCountersServer(app, new Uri(bound.Replace("[::]", "localhost", StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }
}
