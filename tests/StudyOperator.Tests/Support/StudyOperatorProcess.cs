using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace StudyOperator.Tests.Support;

/// <summary>
/// The real built `study-operator` executable run as a child process (study-operator.dll is copied next to the
/// test assembly through the project reference). Output is collected; disposing kills whatever is still running.
/// </summary>
public sealed partial class StudyOperatorProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> lines = new();

    private StudyOperatorProcess(Process process) => this.process = process;

    public static string DllPath
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "study-operator.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("study-operator.dll is not next to the test assembly", path);
        }
    }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public IReadOnlyCollection<string> Output => lines.ToArray();

    public static StudyOperatorProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var name in new[] { "POD_NAME", "POD_NAMESPACE", "POD_IP", "APP_VERSION", "SANDBOX_TERMINATION_MESSAGE_PATH" })
            start.Environment.Remove(name);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new StudyOperatorProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) child.lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) child.lines.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Starts `study-operator app` and waits for the address it logs once listening.</summary>
    public static async Task<(StudyOperatorProcess Process, Uri BaseUri)> StartAppAsync(
        string podIp, int port, string podName, IEnumerable<string>? extraArgs = null)
    {
        var child = Start(
            ["app", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extraArgs ?? []],
            new Dictionary<string, string> { ["POD_IP"] = podIp, ["POD_NAME"] = podName, ["POD_NAMESPACE"] = "tests" });
        try
        {
            var uri = await Eventually.Object(
                () => Task.FromResult(child.Output.Select(l => ListeningLine().Match(l)).FirstOrDefault(m => m.Success) is { } m ? new Uri(m.Groups[1].Value) : null),
                TimeSpan.FromSeconds(20),
                $"app {podName} logs its address; output so far: {string.Join(" | ", child.Output)}");
            return (child, uri);
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends a signal the way the kubelet does, with the real `kill` command.</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
            throw new InvalidOperationException($"kill -{signal} {process.Id} failed with {kill.ExitCode}");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        process.Dispose();
    }

    [GeneratedRegex(@"Listening on (http://\S+)")]
    private static partial Regex ListeningLine();
}
