using Microsoft.Extensions.Hosting;

namespace StudyOperator.Operator;

/// <summary>Runs the operator's informers and controller for the life of the host.</summary>
internal sealed class OperatorWorker(OperatorRuntime runtime, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await runtime.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            // The controller only returns when stopping or when leadership is lost; either way the
            // process ends so a restart starts from a clean cache (as controller-runtime does).
            lifetime.StopApplication();
        }
    }
}
