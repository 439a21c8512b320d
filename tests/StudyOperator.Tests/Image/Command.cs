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

    public static Task<CommandResult> RunAsync(string executable, IEnumerable<string> args, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null) =>
        CommandLine.RunAsync(executable, args, timeout, RepositoryRoot.Path, environment?.ToDictionary(e => e.Key, string? (e) => e.Value));
}
