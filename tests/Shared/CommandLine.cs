using System.Diagnostics;

namespace StudyOperator.Testing;

/// <summary>
/// Runs a command-line tool (kubectl, helm, docker, a script) to its end: output collected, and killed with its
/// children when it overruns its deadline. The one way the test projects run tools.
/// </summary>
public static class CommandLine
{
    /// <summary>Runs <paramref name="executable"/>; in <paramref name="environment"/> a null value removes that variable.</summary>
    public static async Task<CommandResult> RunAsync(
        string executable,
        IEnumerable<string> args,
        TimeSpan timeout,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            // ConfigureAwait(false) throughout: synchronous callers block on this without a deadlock.
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
            throw new TimeoutException(
                $"{executable} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}; stdout: {await output.ConfigureAwait(false)}; stderr: {await error.ConfigureAwait(false)}");
        }

        return new CommandResult(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }
}
