using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StudyOperator.Operator;

/// <summary>Runs the operator's informers and controller for the life of the host.</summary>
internal sealed partial class OperatorWorker(OperatorRuntime runtime, IHostApplicationLifetime lifetime, ILogger<OperatorWorker> logger) : BackgroundService
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
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // A failure the operator cannot work around (an informer's list that can never succeed, say): say what
            // it was and exit non-zero, so the pod restarts and `kubectl logs --previous` shows why.
            LogFailed(logger, e);
            Environment.ExitCode = 1;
        }
        finally
        {
            // The controller only returns when stopping or when leadership is lost; either way the
            // process ends so a restart starts from a clean cache (as controller-runtime does).
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Critical, Message = "The operator stopped on an error it cannot retry")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
