using Microsoft.Extensions.Logging;

namespace StudyOperator.Labs;

internal static partial class Log
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Deleting pod {Namespace}/{Name} (uid {Uid}) for a SelfHealing round")]
    public static partial void DeletingPod(ILogger logger, string @namespace, string name, string uid);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Creating probe Job {Namespace}/{Name}")]
    public static partial void CreatingJob(ILogger logger, string @namespace, string name);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Sending fault {Mode} to pod {Namespace}/{Name} (uid {Uid})")]
    public static partial void SendingFault(ILogger logger, string mode, string @namespace, string name, string uid);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Stopping the background traffic probe {Namespace}/{Name} (uid {Uid})")]
    public static partial void StoppingTraffic(ILogger logger, string @namespace, string name, string uid);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "Could not stop the background traffic probe {Namespace}/{Name}; it ends by itself at its duration: {Reason}")]
    public static partial void TrafficStopFailed(ILogger logger, string @namespace, string name, string reason);
}
