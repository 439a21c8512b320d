using System.Diagnostics;

namespace StudyOperator.Tests.Manifests;

/// <summary>Runs a command-line tool (helm, kubectl) from the repository root and collects its output.</summary>
internal static class ToolProcess
{
    public static (int ExitCode, string Output, string Error) Run(string executable, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Start(executable, args, environment);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{executable} {string.Join(' ', args)} did not finish within a minute");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Starts a tool in the repository root with its output redirected; the caller waits for it.</summary>
    public static Process Start(string executable, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepositoryRoot.Path };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }
}
