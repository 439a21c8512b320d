using Microsoft.Extensions.Logging;

namespace StudyOperator.Reconciliation;

internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "StudyLab {Namespace}/{Name} has an invalid spec: {Problem}")]
    public static partial void InvalidSpec(ILogger logger, string? @namespace, string? name, string problem);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "{Verb} {Kind} {Namespace}/{Name}")]
    public static partial void ChildWritten(ILogger logger, string verb, string kind, string? @namespace, string name);
}
