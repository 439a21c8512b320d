using Microsoft.Extensions.Logging;

namespace StudyOperator.Sandbox.Services;

internal static partial class Log
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Service proxy for {Namespace}/{Name} port {Port} on {Address} could not start: {Message}")]
    public static partial void ProxyFailed(ILogger logger, string @namespace, string name, int port, string address, string message);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "EndpointSlice controller could not sync {Namespace}/{Name}: {Message}")]
    public static partial void EndpointsSyncFailed(ILogger logger, string @namespace, string name, string message);
}
