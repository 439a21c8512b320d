namespace StudyOperator.Sandbox.Tests.Infrastructure;

/// <summary>Runs the real kubectl against a sandbox with its own kubeconfig file and discovery cache directory.</summary>
public sealed class Kubectl : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kubectl-test-").FullName;

    public Kubectl(SandboxServer server, string ns)
    {
        KubeconfigPath = Path.Combine(directory, "kubeconfig");
        server.WriteKubeconfig(KubeconfigPath, ns);
    }

    public string KubeconfigPath { get; }

    public static bool Available => Environment.GetEnvironmentVariable("PATH")?.Split(':').Any(p => File.Exists(Path.Combine(p, "kubectl"))) == true;

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) => await RunAsync(TimeSpan.FromSeconds(60), args);

    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(TimeSpan timeout, params string[] args)
    {
        var environment = new Dictionary<string, string?>
        {
            ["KUBECACHEDIR"] = Path.Combine(directory, "cache"),
            ["HOME"] = directory,
            ["KUBECONFIG"] = null,
        };
        try
        {
            var result = await CommandLine.RunAsync("kubectl", ["--kubeconfig", KubeconfigPath, .. args], timeout, environment: environment);
            return (result.ExitCode, result.Output, result.Error);
        }
        catch (TimeoutException overrun)
        {
            Assert.Fail(overrun.Message);
            throw;
        }
    }

    /// <summary>Runs kubectl and fails the test with its output when it exits non-zero.</summary>
    public async Task<string> OkAsync(params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync(args);
        Assert.True(code == 0, $"kubectl {string.Join(' ', args)} exited {code}: {stderr}{stdout}");
        return stdout;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A kubectl child may still hold the cache; the temp directory is cleaned by the OS.
        }
    }
}
