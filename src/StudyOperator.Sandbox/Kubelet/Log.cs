using Microsoft.Extensions.Logging;

namespace StudyOperator.Sandbox.Kubelet;

internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Kubelet could not write pod {Namespace}/{Name}: {Message}")]
    public static partial void PodWriteRefused(ILogger logger, string @namespace, string name, string message);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Pod {Namespace}/{Name} runs {Container} as a process: {Command}")]
    public static partial void RunningProcess(ILogger logger, string @namespace, string name, string container, IReadOnlyList<string> command);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Pod {Namespace}/{Name}: {Message}")]
    public static partial void PodProblem(ILogger logger, string @namespace, string name, string message);
}
