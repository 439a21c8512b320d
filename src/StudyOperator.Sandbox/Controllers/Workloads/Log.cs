using Microsoft.Extensions.Logging;

namespace StudyOperator.Sandbox.Controllers.Workloads;

internal static partial class Log
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "Sync of {Kind} {Namespace}/{Name} was refused ({Code}): {Message}; retrying")]
    public static partial void SyncRefused(ILogger logger, WorkloadKind kind, string @namespace, string name, int code, string message);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Event {Reason} for {Namespace}/{Name} was dropped: {Message}")]
    public static partial void EventDropped(ILogger logger, string reason, string @namespace, string name, string message);
}
