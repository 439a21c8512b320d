using StudyOperator.Operator;

namespace StudyOperator.Tests.Operator;

public sealed class ClusterConnectionTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kubeconfig-test-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    private const string Valid = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: sandbox
          cluster: {server: "http://127.0.0.1:6443"}
        users:
        - name: dev
          user: {token: abc}
        contexts:
        - name: sandbox
          context: {cluster: sandbox, user: dev}
        current-context: sandbox
        """;

    private static string? NoEnvironment(string _) => null;

    [Fact]
    public void An_explicit_kubeconfig_is_used()
    {
        var config = ClusterConnection.Resolve(Write("config", Valid), NoEnvironment, _dir.FullName);
        Assert.Equal("http://127.0.0.1:6443/", config.Host.TrimEnd('/') + "/");
    }

    [Fact]
    public void A_missing_kubeconfig_names_the_file()
    {
        var path = Path.Combine(_dir.FullName, "absent");
        var error = Assert.Throws<ClusterConnectionException>(() => ClusterConnection.Resolve(path, NoEnvironment, _dir.FullName));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_yaml_names_the_file()
    {
        var path = Write("broken", "clusters: [\n  - {name: x\n");
        var error = Assert.Throws<ClusterConnectionException>(() => ClusterConnection.Resolve(path, NoEnvironment, _dir.FullName));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_context_that_does_not_exist_names_the_file()
    {
        var path = Write("nocontext", Valid.Replace("current-context: sandbox", "current-context: elsewhere", StringComparison.Ordinal));
        var error = Assert.Throws<ClusterConnectionException>(() => ClusterConnection.Resolve(path, NoEnvironment, _dir.FullName));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kubeconfig_environment_variable_takes_the_first_existing_file()
    {
        var path = Write("config", Valid);
        var list = string.Join(Path.PathSeparator, Path.Combine(_dir.FullName, "absent"), path);
        var config = ClusterConnection.Resolve(null, name => name == "KUBECONFIG" ? list : null, _dir.FullName);
        Assert.StartsWith("http://127.0.0.1:6443", config.Host, StringComparison.Ordinal);
    }

    [Fact]
    public void The_home_kubeconfig_is_the_fallback()
    {
        Directory.CreateDirectory(Path.Combine(_dir.FullName, ".kube"));
        File.WriteAllText(Path.Combine(_dir.FullName, ".kube", "config"), Valid);
        Assert.StartsWith("http://127.0.0.1:6443", ClusterConnection.Resolve(null, NoEnvironment, _dir.FullName).Host, StringComparison.Ordinal);
    }

    [Fact]
    public void With_nothing_configured_the_error_says_what_to_do()
    {
        var error = Assert.Throws<ClusterConnectionException>(() => ClusterConnection.Resolve(null, NoEnvironment, _dir.FullName));
        Assert.Contains("--kubeconfig", error.Message, StringComparison.Ordinal);
    }
}
