using Microsoft.Extensions.Logging;

namespace StudyOperator.Sandbox.Api;

internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    public static partial void HandlerFailed(ILogger logger, string method, string path, Exception exception);
}
