using Microsoft.Extensions.Logging;

namespace StudyOperator.Sandbox.Node;

internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Started container {Namespace}/{Pod}/{Container} as process {Pid}")]
    public static partial void ContainerProcessStarted(ILogger logger, string @namespace, string pod, string container, int pid);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Container {Container} (process {Pid}) exited with code {ExitCode}")]
    public static partial void ContainerProcessExited(ILogger logger, string container, int pid, int exitCode);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Container {Container} (process {Pid}) did not stop within {GracePeriod}; killing it")]
    public static partial void ContainerGraceExpired(ILogger logger, string container, int pid, TimeSpan gracePeriod);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Container {Namespace}/{Pod}/{Container} in CrashLoopBackOff; back-off {Period}")]
    public static partial void ContainerBackingOff(ILogger logger, string @namespace, string pod, string container, TimeSpan period);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Container {Namespace}/{Pod}/{Container} could not be started: {Error}")]
    public static partial void ContainerStartFailed(ILogger logger, string @namespace, string pod, string container, string error);
}
