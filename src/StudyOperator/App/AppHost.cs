using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StudyOperator.App;

/// <summary>Builds the demo workload on Kestrel minimal APIs; tests start it in-process on port 0.</summary>
internal static class AppHost
{
    /// <param name="options">What to bind and report.</param>
    /// <param name="exitProcess">How the `crash` fault ends the process; tests pass a recorder.</param>
    /// <param name="time">Clock for delays (slow fault, drain, start-up work).</param>
    /// <param name="configureLogging">Extra logging set-up, e.g. a provider that collects messages in tests.</param>
    public static WebApplication Build(
        AppOptions options,
        Action<int>? exitProcess = null,
        TimeProvider? time = null,
        Action<ILoggingBuilder>? configureLogging = null)
    {
        time ??= TimeProvider.System;
        exitProcess ??= Environment.Exit;

        // The empty builder (Kestrel core, routing core, no configuration files or environment-variable config)
        // starts fastest and keeps the footprint small; everything the app needs is added explicitly below.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
            console.UseUtcTimestamp = true;
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        configureLogging?.Invoke(builder.Logging);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (options.ListenAddress is null)
                kestrel.ListenAnyIP(options.Port);
            else
                kestrel.Listen(options.ListenAddress, options.Port);
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.DrainDelay + AppOptions.InFlightGrace);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, AppJsonContext.Default));

        var state = new AppState(time.GetUtcNow());
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(state);
        builder.Services.AddHostedService<AppLifecycle>();
        if (options.HandleSignals)
            builder.Services.AddSingleton<IHostLifetime, SignalLifetime>();
        else
            builder.Services.AddSingleton<IHostLifetime, InProcessLifetime>();

        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("StudyOperator.App");
        app.Use(async (context, next) =>
        {
            state.RequestStarted();
            try
            {
                await next(context);
            }
            finally
            {
                state.RequestFinished();
            }
        });
        AppEndpoints.Map(app, options, state, time, exitProcess, logger);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var address in ListeningAddresses(app))
                Log.Listening(logger, address.ToString());
        });
        return app;
    }

    /// <summary>The addresses Kestrel bound (with the real port when 0 was asked for); valid once started.</summary>
    public static IReadOnlyList<Uri> ListeningAddresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
            .Select(address => new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal)))
            .ToList();

    /// <summary>Runs the app until SIGTERM/SIGINT and the drain are over; returns the process exit code.</summary>
    public static async Task<int> RunAsync(AppOptions options, CancellationToken cancellationToken)
    {
        await using var app = Build(options);
        await app.RunAsync(cancellationToken);
        return 0;
    }
}
