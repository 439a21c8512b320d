using Microsoft.Extensions.Logging;

namespace StudyOperator.Controller;

/// <summary>Source-generated log messages of the controller plumbing.</summary>
internal static partial class Log
{
    private static readonly Func<ILogger, string, string, IDisposable?> ReconcileScopeFormatter =
        LoggerMessage.DefineScope<string, string>("{Controller} {ObjectKey}");

    public static IDisposable? ReconcileScope(ILogger logger, string controller, string key) => ReconcileScopeFormatter(logger, controller, key);

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Work queue {Queue} stopped")]
    public static partial void WorkQueueStopped(ILogger logger, string queue);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Work queue {Queue}: handler failed for {ObjectKey}; retrying with backoff")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string queue, object objectKey);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Debug, Message = "Informer {Informer} listed {Count} objects at resourceVersion {ResourceVersion}")]
    public static partial void Listed(ILogger logger, string informer, int count, string resourceVersion);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Debug, Message = "Informer {Informer}: the server closed the watch; watching again from resourceVersion {ResourceVersion}")]
    public static partial void WatchClosed(ILogger logger, string informer, string? resourceVersion);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "Informer {Informer}: resourceVersion {ResourceVersion} expired (410); listing again")]
    public static partial void ResourceVersionExpired(ILogger logger, string informer, string? resourceVersion);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "Informer {Informer}: {Operation} failed; retrying in {Delay}")]
    public static partial void ListWatchFailed(ILogger logger, Exception exception, string informer, string operation, TimeSpan delay);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Information, Message = "Informer {Informer}: {ObjectKey} is gone after a relist; delivering a delete")]
    public static partial void SynthesizedDelete(ILogger logger, string informer, ObjectKey objectKey);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Information, Message = "Controller {Controller} caches synced; starting {Workers} workers")]
    public static partial void ControllerStarting(ILogger logger, string controller, int workers);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Warning, Message = "Reconcile of {ObjectKey} failed with an API or transport error; retrying")]
    public static partial void ReconcileFailed(ILogger logger, Exception exception, string objectKey);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Error, Message = "Reconcile of {ObjectKey} threw an unexpected exception; retrying with backoff")]
    public static partial void ReconcileCrashed(ILogger logger, Exception exception, string objectKey);

    [LoggerMessage(EventId = 1023, Level = LogLevel.Warning, Message = "Reconcile of {ObjectKey} failed permanently: {Reason}; waiting for the object to change")]
    public static partial void ReconcileTerminal(ILogger logger, string objectKey, string? reason);

    [LoggerMessage(EventId = 1024, Level = LogLevel.Debug, Message = "Reconciled {ObjectKey}: {Result} in {Elapsed}")]
    public static partial void Reconciled(ILogger logger, string objectKey, ReconcileResult result, TimeSpan elapsed);

    [LoggerMessage(EventId = 1030, Level = LogLevel.Information, Message = "Leader election is off; {Identity} leads")]
    public static partial void LeaderElectionDisabled(ILogger logger, string identity);

    [LoggerMessage(EventId = 1031, Level = LogLevel.Information, Message = "{Identity} started leading")]
    public static partial void StartedLeading(ILogger logger, string identity);

    [LoggerMessage(EventId = 1032, Level = LogLevel.Warning, Message = "{Identity} stopped leading")]
    public static partial void StoppedLeading(ILogger logger, string identity);

    [LoggerMessage(EventId = 1033, Level = LogLevel.Information, Message = "Lease {Namespace}/{Lease} is held by {Leader}")]
    public static partial void NewLeader(ILogger logger, string @namespace, string lease, string leader);

    [LoggerMessage(EventId = 1034, Level = LogLevel.Warning, Message = "Leader election on lease {Namespace}/{Lease} hit an error")]
    public static partial void LeaderElectionError(ILogger logger, Exception exception, string @namespace, string lease);
}
