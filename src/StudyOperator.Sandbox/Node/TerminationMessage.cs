using System.Text;

namespace StudyOperator.Sandbox.Node;

/// <summary>
/// Computes <c>state.terminated.message</c> the way the kubelet does (kuberuntime_container.go
/// getTerminationMessage / readLastStringFromContainerLogs, constants from kubelet/container/runtime.go).
/// </summary>
internal static class TerminationMessage
{
    /// <summary>kubecontainer.MaxContainerTerminationMessageLength: the file is read from its end, at most 4 KiB.</summary>
    public const int MaxFileBytes = 4 * 1024;

    /// <summary>kubecontainer.MaxContainerTerminationMessageLogLines.</summary>
    public const int MaxLogLines = 80;

    /// <summary>kubecontainer.MaxContainerTerminationMessageLogLength: a ring buffer, so the last 2 KiB are kept.</summary>
    public const int MaxLogBytes = 2 * 1024;

    public static string Read(string messageFile, TerminationMessagePolicy policy, int exitCode, ContainerLog log)
    {
        var fallbackToLogs = policy == TerminationMessagePolicy.FallbackToLogsOnError && exitCode != 0;
        var fromFile = ReadFileTail(messageFile);
        if (fromFile.Length > 0 || !fallbackToLogs)
        {
            return fromFile;
        }
        return LogTail(log);
    }

    /// <summary>The last <see cref="MaxFileBytes"/> bytes of the file (tail.ReadAtMost), or empty when it is missing.</summary>
    public static string ReadFileTail(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = file.Length;
            if (length > MaxFileBytes)
            {
                file.Seek(length - MaxFileBytes, SeekOrigin.Begin);
            }
            var buffer = new byte[Math.Min(length, MaxFileBytes)];
            file.ReadExactly(buffer);
            return Encoding.UTF8.GetString(buffer);
        }
        catch (FileNotFoundException)
        {
            return "";
        }
        catch (DirectoryNotFoundException)
        {
            return "";
        }
    }

    /// <summary>The last 80 lines of the log without timestamps, of which the last 2 KiB are kept.</summary>
    public static string LogTail(ContainerLog log)
    {
        var builder = new StringBuilder();
        foreach (var line in log.Read(new LogQuery(TailLines: MaxLogLines)))
        {
            builder.Append(line.Format(timestamps: false));
        }
        var bytes = Encoding.UTF8.GetBytes(builder.ToString());
        return bytes.Length <= MaxLogBytes
            ? Encoding.UTF8.GetString(bytes)
            : Encoding.UTF8.GetString(bytes, bytes.Length - MaxLogBytes, MaxLogBytes);
    }
}
