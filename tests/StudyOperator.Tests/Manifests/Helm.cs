using System.Diagnostics;

namespace StudyOperator.Tests.Manifests;

/// <summary>Runs the helm binary that `make test` fetches into .tools/bin (or $HELM, or helm on PATH).</summary>
internal static class Helm
{
    private static readonly Lazy<string> Binary = new(Find);

    public static (int ExitCode, string Output, string Error) Run(params string[] args) => RunWith(null, args);

    /// <summary>Runs helm against the cluster of <paramref name="kubeconfig"/> (null: none).</summary>
    public static (int ExitCode, string Output, string Error) RunWith(string? kubeconfig, params string[] args)
    {
        var start = new ProcessStartInfo(Binary.Value) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Path };
        if (kubeconfig is not null)
        {
            start.Environment["KUBECONFIG"] = kubeconfig;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["HELM_CACHE_HOME"] = Path.Combine(Path.GetTempPath(), "study-helm-cache");
        start.Environment["HELM_CONFIG_HOME"] = Path.Combine(Path.GetTempPath(), "study-helm-config");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"helm {string.Join(' ', args)} did not finish within a minute");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    private static string Find()
    {
        var candidates = new[]
        {
            Environment.GetEnvironmentVariable("HELM"),
            RepositoryRoot.File(".tools", "bin", "helm"),
        }.Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(dir => Path.Combine(dir, "helm")));
        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c))
            ?? throw new InvalidOperationException("helm not found: run `bash hack/fetch-helm.sh` (make test does) or set HELM.");
    }
}
