namespace StudyOperator.Tests.Manifests;

/// <summary>Runs the helm binary that `make test` fetches into .tools/bin (or $HELM, or helm on PATH).</summary>
internal static class Helm
{
    private static readonly Lazy<string> Binary = new(Find);

    public static (int ExitCode, string Output, string Error) Run(params string[] args) => RunWith(null, args);

    /// <summary>Runs helm against the cluster of <paramref name="kubeconfig"/> (null: none).</summary>
    public static (int ExitCode, string Output, string Error) RunWith(string? kubeconfig, params string[] args)
    {
        var environment = new Dictionary<string, string>
        {
            ["HELM_CACHE_HOME"] = Path.Combine(Path.GetTempPath(), "study-helm-cache"),
            ["HELM_CONFIG_HOME"] = Path.Combine(Path.GetTempPath(), "study-helm-config"),
        };
        if (kubeconfig is not null)
        {
            environment["KUBECONFIG"] = kubeconfig;
        }

        return ToolProcess.Run(Binary.Value, args, environment);
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
