namespace StudyOperator.Tests.Manifests;

/// <summary>Runs a command-line tool (helm, kubectl) from the repository root and collects its output.</summary>
internal static class ToolProcess
{
    public static (int ExitCode, string Output, string Error) Run(string executable, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = CommandLine.RunAsync(executable, args, TimeSpan.FromMinutes(1), RepositoryRoot.Path, environment?.ToDictionary(e => e.Key, string? (e) => e.Value))
            .GetAwaiter().GetResult();
        return (result.ExitCode, result.Output, result.Error);
    }
}
