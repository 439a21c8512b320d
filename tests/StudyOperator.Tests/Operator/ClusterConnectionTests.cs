using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s;
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

    [Fact]
    public void An_empty_kubeconfig_names_the_file()
    {
        var path = Write("empty", "");
        var error = Assert.Throws<ClusterConnectionException>(() => ClusterConnection.Resolve(path, NoEnvironment, _dir.FullName));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The operator reads kubeconfigs with its own small deserializer (KubernetesClient's loader costs ~30 MB resident):
    /// what it resolves must be what KubernetesClient's own loader resolves, for every kind of entry a kubeconfig has.
    /// </summary>
    [Theory]
    [InlineData("token")]
    [InlineData("client-certificate")]
    [InlineData("basic-auth")]
    [InlineData("exec")]
    [InlineData("certificate-authority")]
    public void The_kubeconfig_resolves_as_kubernetes_client_resolves_it(string user)
    {
        using var key = RSA.Create(2048);
        using var cert = new CertificateRequest("CN=study-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certPem = cert.ExportCertificatePem();
        var keyPem = key.ExportRSAPrivateKeyPem();
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "certs"));
        Write(Path.Combine("certs", "ca.crt"), certPem);
        Write(Path.Combine("certs", "client.crt"), certPem);
        Write(Path.Combine("certs", "client.key"), keyPem);
        var plugin = Write("get-token", "#!/bin/sh\necho '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"from-exec\"}}'\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }

        var caData = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(certPem));
        var userEntry = user switch
        {
            "token" => "token: abc",
            "client-certificate" => "client-certificate: certs/client.crt\n    client-key: certs/client.key",
            "basic-auth" => "username: admin\n    password: secret",
            "exec" => $"exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: {plugin}\n      args: [--cluster, one]\n      env:\n      - {{name: MODE, value: test}}\n      interactiveMode: Never",
            _ => "token: abc",
        };
        var cluster = user == "certificate-authority"
            ? "server: https://127.0.0.1:6443\n    certificate-authority: certs/ca.crt\n    tls-server-name: api.study"
            : $"server: https://0.0.0.0:6443\n    certificate-authority-data: {caData}\n    insecure-skip-tls-verify: false";
        var path = Write("rich", $$"""
            apiVersion: v1
            kind: Config
            preferences: {}
            clusters:
            - name: other
              cluster: {server: "http://127.0.0.1:1"}
            - name: study
              cluster:
                {{cluster}}
            users:
            - name: someone
              user:
                {{userEntry}}
            contexts:
            - name: study
              context: {cluster: study, user: someone, namespace: labs}
            - name: other
              context: {cluster: other}
            current-context: study
            extensions:
            - name: note
              extension: {any: thing}
            """);

        var ours = ClusterConnection.Resolve(path, NoEnvironment, _dir.FullName);
        var theirs = KubernetesClientConfiguration.BuildConfigFromConfigFile(path);

        Assert.Equal(Describe(theirs), Describe(ours));
    }

    private static string Describe(KubernetesClientConfiguration c) => string.Join('\n',
        $"host={c.Host}", $"context={c.CurrentContext}", $"namespace={c.Namespace}", $"token={c.AccessToken}",
        $"user={c.Username}/{c.Password}", $"skipTls={c.SkipTlsVerify}", $"tlsServerName={c.TlsServerName}",
        $"clientCert={c.ClientCertificateFilePath}|{c.ClientKeyFilePath}|{c.ClientCertificateData}|{c.ClientCertificateKeyData}",
        $"ca={string.Join(',', (c.SslCaCerts ?? []).Select(x => x.Thumbprint))}",
        $"tokenProvider={c.TokenProvider?.GetType().Name}");
}
