using System.Runtime.InteropServices;

namespace StudyOperator.Sandbox.Node;

/// <summary>Sends POSIX signals to whole process groups, which .NET's Process API cannot do.</summary>
internal static class ProcessSignals
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    private const int NoSuchProcess = 3; // ESRCH

    /// <summary>
    /// Signals every process in the group led by <paramref name="processGroupId"/>. Returns false when the group
    /// no longer has any member.
    /// </summary>
    public static bool SignalGroup(int processGroupId, int signal)
    {
        if (processGroupId <= 1)
        {
            // kill(0) or kill(-1) would signal our own group or every process we may signal.
            throw new ArgumentOutOfRangeException(nameof(processGroupId), processGroupId, "Not a container process group.");
        }
        if (Kill(-processGroupId, signal) == 0)
        {
            return true;
        }
        var errno = Marshal.GetLastPInvokeError();
        return errno == NoSuchProcess
            ? false
            : throw new InvalidOperationException($"kill(-{processGroupId}, {signal}) failed with errno {errno}.");
    }

    /// <summary>
    /// Waits until <paramref name="pid"/> leads its own process group (setsid has run), so that group signals
    /// reach it. Returns false if that did not happen within <paramref name="timeout"/> or the process is gone.
    /// </summary>
    public static bool WaitUntilGroupLeader(int pid, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var spinner = new SpinWait();
        while (clock.Elapsed < timeout)
        {
            var group = GetProcessGroup(pid);
            if (group == pid)
            {
                return true;
            }
            if (group < 0)
            {
                return false;
            }
            spinner.SpinOnce();
        }
        return false;
    }

    // DllImport rather than LibraryImport: int arguments need no marshalling code, and LibraryImport would
    // require AllowUnsafeBlocks for the whole project.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "getpgid", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetProcessGroup(int pid);
}
