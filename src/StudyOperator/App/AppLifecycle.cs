using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StudyOperator.App;

/// <summary>Readiness follows the host: true once start-up work is done, false the moment stopping begins.</summary>
internal sealed class AppLifecycle(
    AppState state,
    AppOptions options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<AppLifecycle> logger) : IHostedLifecycleService
{
    private Task startup = Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        // ApplicationStopping fires inside StopApplication(), before the host even begins to stop.
        lifetime.ApplicationStopping.Register(state.BeginDrain);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        startup = CompleteStartupAsync(lifetime.ApplicationStopping);
        return Task.CompletedTask;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        state.BeginDrain();
        Log.Draining(logger, state.InFlight, (long)options.DrainDelay.TotalMilliseconds);
        try
        {
            await Task.Delay(options.DrainDelay, time, cancellationToken);
            Log.DrainDone(logger, state.InFlight);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.DrainCutShort(logger);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => startup.WaitAsync(cancellationToken);

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task CompleteStartupAsync(CancellationToken stopping)
    {
        try
        {
            if (options.StartupDelay > TimeSpan.Zero)
                await Task.Delay(options.StartupDelay, time, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return;
        }

        state.MarkStarted();
        using var process = Process.GetCurrentProcess();
        Log.Ready(logger, (long)(DateTime.Now - process.StartTime).TotalMilliseconds, options.PodName, options.Version);
    }
}
