using System.Text.RegularExpressions;
using StudyOperator.Yaml;

namespace StudyOperator.Tests.Manifests;

/// <summary>
/// The GitHub workflow cannot run here (no docker, no kind); these checks keep it on the README's path: the same
/// make targets, in the same order, and only targets the Makefile defines.
/// </summary>
public sealed partial class CiWorkflowTests
{
    private static IReadOnlyList<string> MakeTargets(string job)
    {
        var workflow = YamlDocuments.Parse(File.ReadAllText(RepositoryRoot.File(".github", "workflows", "ci.yml")), "ci.yml")[0];
        var steps = workflow["jobs"]![job]!["steps"]!.AsArray();
        return [.. steps.Select(s => (string?)s!["run"]).OfType<string>()
            .SelectMany(run => run.Split('\n'))
            .Select(line => MakeCommand().Match(line.Trim()))
            .Where(m => m.Success)
            .SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))];
    }

    [Fact]
    public void The_build_job_runs_the_readme_fresh_machine_commands()
    {
        Assert.Equal(["demo", "test"], MakeTargets("build-test"));
    }

    [Fact]
    public void The_kind_job_runs_the_readme_kind_quickstart_in_order()
    {
        var readme = File.ReadAllLines(RepositoryRoot.File("README.md"));
        var quickstart = readme.Select(l => MakeCommand().Match(l.Trim())).First(m => m.Success && m.Groups[1].Value.Contains("kind-up", StringComparison.Ordinal));
        var targets = quickstart.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(targets, MakeTargets("e2e-kind"));
    }

    [Fact]
    public void Every_make_target_the_workflow_uses_exists()
    {
        var makefile = File.ReadAllText(RepositoryRoot.File("Makefile"));
        foreach (var target in MakeTargets("build-test").Concat(MakeTargets("e2e-kind")))
        {
            Assert.Matches(new Regex($"^{Regex.Escape(target)}:", RegexOptions.Multiline), makefile);
        }
    }

    // "make a b c", up to a comment; targets are lower-case words with dashes.
    [GeneratedRegex(@"^make((?: [a-z][a-z-]*)+)(?:\s+#.*)?$")]
    private static partial Regex MakeCommand();
}
