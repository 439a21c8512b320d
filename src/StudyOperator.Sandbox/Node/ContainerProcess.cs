using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StudyOperator.Sandbox.Node;

/// <summary>
/// One instance of a container, run as a local process in its own process group (through <c>setsid</c>) so
/// that stopping it also stops every child it started, as tearing down a container's PID namespace does.
/// </summary>
/// <remarks>
/// Output lines go to a <see cref="ContainerLog"/>. When the main process exits, whatever is left in its
/// group is killed, the log is completed and <see cref="Exited"/> completes with the exit code and the
/// termination message. Disposing kills the group and waits for it, so no process outlives this object.
/// </remarks>
internal sealed class ContainerProcess : IAsyncDisposable
{
    /// <summary>The downward-API variable pointing at the file mapped to <c>terminationMessagePath</c>.</summary>
    public const string TerminationMessagePathVariable = "SANDBOX_TERMINATION_MESSAGE_PATH";

    private const int MaxLineChars = 16 * 1024;

    // Variables a process needs to run at all on this host; nothing else leaks from the sandbox's own environment.
    private static readonly string[] InheritedVariables = ["PATH", "DOTNET_ROOT", "TMPDIR", "LANG", "LC_ALL", "TZ"];

    // Process groups still alive, killed when the sandbox process exits so that even an undisposed container
    // (a crashed controller, a test that forgot to dispose) does not outlive it.
    private static readonly ConcurrentDictionary<int, byte> LiveGroups = new();

    private readonly Process _process;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _terminationMessageFile;
    private readonly TerminationMessagePolicy _policy;
    private readonly TaskCompletionSource<ContainerExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    static ContainerProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += static (_, _) => KillAllLiveGroups();
    }

    private ContainerProcess(Process process, ContainerProcessSpec spec, string terminationMessageFile, ContainerLog log, TimeProvider time, ILogger logger)
    {
        _process = process;
        _time = time;
        _logger = logger;
        _terminationMessageFile = terminationMessageFile;
        _policy = spec.TerminationMessagePolicy;
        Name = spec.Name;
        Log = log;
        ContainerId = "sandbox://" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        StartedAt = time.GetUtcNow();
        Pid = process.Id;
    }

    public string Name { get; }

    /// <summary>A fresh id per instance, shaped like a CRI container id (<c>runtime://64-hex</c>).</summary>
    public string ContainerId { get; }

    /// <summary>The main process id, which is also the process group id.</summary>
    public int Pid { get; }

    public DateTimeOffset StartedAt { get; }

    public ContainerLog Log { get; }

    /// <summary>Completes once the main process has exited and its group and output are gone.</summary>
    public Task<ContainerExit> Exited => _exited.Task;

    /// <summary>
    /// Starts the container. Throws <see cref="ContainerStartException"/> when the executable or working
    /// directory does not exist, as a CRI runtime refuses to create such a container.
    /// </summary>
    public static ContainerProcess Start(ContainerProcessSpec spec, PodIdentity pod, PodDirectory podDirectory, ContainerLog log, TimeProvider time, ILogger? logger = null)
    {
        var setsid = FindSetsid();
        var containerDirectory = podDirectory.ContainerDirectory(spec.Name);
        var terminationMessageFile = podDirectory.TerminationMessagePath(spec.Name);
        // Every instance starts with an empty message file, as each CRI container gets its own.
        File.WriteAllBytes(terminationMessageFile, []);

        var environment = BuildEnvironment(spec, pod, containerDirectory, terminationMessageFile);
        var executable = ResolveExecutable(spec.Executable, environment.GetValueOrDefault("PATH"));
        var workingDirectory = spec.WorkingDirectory ?? containerDirectory;
        if (!Directory.Exists(workingDirectory))
        {
            throw new ContainerStartException($"working directory \"{workingDirectory}\" does not exist");
        }

        var startInfo = new ProcessStartInfo(setsid)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory,
        };
        startInfo.ArgumentList.Add(executable);
        foreach (var arg in spec.Args)
        {
            startInfo.ArgumentList.Add(arg);
        }
        startInfo.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new ContainerStartException($"failed to start \"{spec.Executable}\": {e.Message}", e);
        }
        // Containers get no stdin unless they ask for it; closing it gives readers an immediate EOF.
        process.StandardInput.Close();
        LiveGroups.TryAdd(process.Id, 0);
        // Until setsid has run, a group signal would miss the process; "running" must mean "stoppable".
        ProcessSignals.WaitUntilGroupLeader(process.Id, TimeSpan.FromSeconds(5));

        var container = new ContainerProcess(process, spec, terminationMessageFile, log, time, logger ?? NullLogger.Instance);
        Node.Log.ContainerProcessStarted(container._logger, pod.Namespace, pod.Name, spec.Name, container.Pid);
        _ = container.SuperviseAsync();
        return container;
    }

    /// <summary>
    /// Graceful stop: SIGTERM to the whole group, then SIGKILL once <paramref name="gracePeriod"/> has passed
    /// (zero means kill at once). Returns how the instance ended.
    /// </summary>
    public async Task<ContainerExit> StopAsync(TimeSpan gracePeriod, CancellationToken ct = default)
    {
        if (Exited.IsCompleted)
        {
            return await Exited;
        }
        if (gracePeriod > TimeSpan.Zero)
        {
            ProcessSignals.SignalGroup(Pid, ProcessSignals.SigTerm);
            using var graceOver = new CancellationTokenSource(gracePeriod, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(graceOver.Token, ct);
            try
            {
                return await Exited.WaitAsync(linked.Token);
            }
            catch (OperationCanceledException) when (graceOver.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                Node.Log.ContainerGraceExpired(_logger, Name, Pid, gracePeriod);
            }
        }
        ProcessSignals.SignalGroup(Pid, ProcessSignals.SigKill);
        return await Exited.WaitAsync(ct);
    }

    /// <summary>Kills the whole group at once and waits until it is gone.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        if (!Exited.IsCompleted)
        {
            ProcessSignals.SignalGroup(Pid, ProcessSignals.SigKill);
        }
        // Not cancellable on purpose: returning before the process is reaped would leave it behind.
        await Exited;
        _process.Dispose();
    }

    private async Task SuperviseAsync()
    {
        try
        {
            await ObserveExitAsync();
        }
        catch (Exception e)
        {
            // Surfaced to whoever awaits Exited (and DisposeAsync), so a failure here cannot hang them.
            _exited.TrySetException(e);
            throw;
        }
    }

    private async Task ObserveExitAsync()
    {
        var stdout = PumpAsync(_process.StandardOutput, LogStream.Stdout);
        var stderr = PumpAsync(_process.StandardError, LogStream.Stderr);
        await _process.WaitForExitAsync(CancellationToken.None);
        var finishedAt = _time.GetUtcNow();
        var exitCode = _process.ExitCode;
        // The main process is gone; like a container's PID namespace, the rest of its group goes with it.
        ProcessSignals.SignalGroup(Pid, ProcessSignals.SigKill);
        LiveGroups.TryRemove(Pid, out _);
        await Task.WhenAll(stdout, stderr);
        Log.Complete();
        var message = TerminationMessage.Read(_terminationMessageFile, _policy, exitCode, Log);
        Node.Log.ContainerProcessExited(_logger, Name, Pid, exitCode);
        _exited.TrySetResult(new ContainerExit(exitCode, StartedAt, finishedAt, message));
    }

    /// <summary>Kills every container process group this process started and that is still alive.</summary>
    internal static void KillAllLiveGroups()
    {
        foreach (var group in LiveGroups.Keys)
        {
            ProcessSignals.SignalGroup(group, ProcessSignals.SigKill);
        }
    }

    private async Task PumpAsync(StreamReader reader, LogStream stream)
    {
        var buffer = new char[4096];
        var line = new StringBuilder();
        while (true)
        {
            var read = await reader.ReadAsync(buffer.AsMemory(), CancellationToken.None);
            if (read == 0)
            {
                break;
            }
            for (var i = 0; i < read; i++)
            {
                var c = buffer[i];
                if (c == '\n')
                {
                    Emit(line, stream);
                }
                else
                {
                    line.Append(c);
                    // The CRI splits very long lines into partial lines; the ring stores them as separate lines.
                    if (line.Length >= MaxLineChars)
                    {
                        Emit(line, stream);
                    }
                }
            }
        }
        if (line.Length > 0)
        {
            Emit(line, stream);
        }
    }

    private void Emit(StringBuilder line, LogStream stream)
    {
        if (line.Length > 0 && line[^1] == '\r')
        {
            line.Length--;
        }
        Log.Append(new LogLine(_time.GetUtcNow(), stream, line.ToString()));
        line.Clear();
    }

    private static Dictionary<string, string> BuildEnvironment(ContainerProcessSpec spec, PodIdentity pod, string containerDirectory, string terminationMessageFile)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in InheritedVariables)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                environment[name] = value;
            }
        }
        environment["HOME"] = containerDirectory;
        environment["HOSTNAME"] = pod.Name;
        environment["POD_NAME"] = pod.Name;
        environment["POD_NAMESPACE"] = pod.Namespace;
        environment["POD_IP"] = pod.PodIp.ToString();
        foreach (var (key, value) in spec.Env ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        environment[TerminationMessagePathVariable] = terminationMessageFile;
        return environment;
    }

    private static string ResolveExecutable(string executable, string? path)
    {
        if (executable.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(executable)
                ? Path.GetFullPath(executable)
                : throw new ContainerStartException($"exec: \"{executable}\": stat {executable}: no such file or directory");
        }
        foreach (var directory in (path ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, executable);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new ContainerStartException($"exec: \"{executable}\": executable file not found in $PATH");
    }

    private static string FindSetsid()
    {
        foreach (var candidate in (string[])["/usr/bin/setsid", "/bin/setsid"])
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new PlatformNotSupportedException("Container processes need setsid (util-linux) to get their own process group.");
    }
}
