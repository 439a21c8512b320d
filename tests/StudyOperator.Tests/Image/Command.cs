using System.ComponentModel;
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
        var argList = args.ToList();
        using var process = ToolProcess.Start(executable, argList, environment);
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
            throw new TimeoutException($"{executable} {string.Join(' ', argList)} did not finish within {timeout}; stderr: {await error}");
        }

        return new CommandResult(process.ExitCode, await output, await error);
    }
}
