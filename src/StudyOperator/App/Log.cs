using Microsoft.Extensions.Logging;

namespace StudyOperator.App;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Listening on {Address}")]
    public static partial void Listening(ILogger logger, string address);

    [LoggerMessage(2, LogLevel.Information, "Ready {SinceProcessStartMs} ms after the process started (pod {Pod}, version {Version})")]
    public static partial void Ready(ILogger logger, long sinceProcessStartMs, string pod, string version);

    [LoggerMessage(3, LogLevel.Warning, "Fault {Mode} set to {Enabled} (slowMs {SlowMs}); active faults: {Faults}")]
    public static partial void FaultSwitched(ILogger logger, FaultMode mode, bool enabled, int slowMs, FaultStatus faults);

    [LoggerMessage(4, LogLevel.Warning, "Fault crash: exiting with code {ExitCode}")]
    public static partial void Crashing(ILogger logger, int exitCode);

    [LoggerMessage(5, LogLevel.Information, "Shutdown requested: readiness is false, {InFlight} requests in flight, still serving for the drain delay of {DrainMs} ms")]
    public static partial void Draining(ILogger logger, int inFlight, long drainMs);

    [LoggerMessage(6, LogLevel.Warning, "Drain delay cut short by the shutdown timeout")]
    public static partial void DrainCutShort(ILogger logger);

    [LoggerMessage(7, LogLevel.Information, "Drain delay over; finishing {InFlight} in-flight requests and exiting")]
    public static partial void DrainDone(ILogger logger, int inFlight);

    [LoggerMessage(8, LogLevel.Information, "Signal {Signal} received")]
    public static partial void SignalReceived(ILogger logger, string signal);
}
