using System.ComponentModel;
using System.Diagnostics;
using StudyOperator.Tests.Manifests;

namespace StudyOperator.Tests.Image;

/// <summary>Runs a command from the repository root to its end, with a deadline after which it is killed with its children.</summary>
internal static class Command
{
    public static Task<CommandResult> DockerAsync(TimeSpan timeout, params string[] args) => RunAsync("docker", args, timeout);

    /// <summary>Null when <paramref name="executable"/> is not installed, so callers can tell "missing" from "failed".</summary>
    public static async Task<CommandResult?> TryRunAsync(string executable, IEnumerable<string> args, TimeSpan timeout)
    {
        try
        {
            return await RunAsync(executable, args, timeout);
        }
        catch (Win32Exception)
        {
            return null;
        }
    }

    public static async Task<CommandResult> RunAsync(string executable, IEnumerable<string> args, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{executable} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}; stderr: {await error}");
        }

        return new CommandResult(process.ExitCode, await output, await error);
    }
}
