using Microsoft.Extensions.Logging;

namespace StudyOperator.Sandbox.Controllers;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Controller step for {Kind} {Namespace}/{Name} was refused: {Message}")]
    public static partial void StepRefused(ILogger logger, string kind, string @namespace, string name, string message);
}
