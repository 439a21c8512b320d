using k8s;
using StudyOperator.Sandbox;
using StudyOperator.Tests.Manifests;

namespace StudyOperator.Tests.OnSandbox;

/// <summary>`helm install` of the chart into the sandbox, as a workshop instructor would on kind.</summary>
public sealed class HelmOnSandboxTests : IAsyncLifetime
{
    private SandboxServer _sandbox = null!;
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("helm-sandbox-");

    public async Task InitializeAsync() => _sandbox = await SandboxServer.StartAsync(new SandboxOptions());

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public async Task The_chart_installs_its_crd_rbac_and_operator_deployment_and_prints_short_notes()
    {
        var kubeconfig = Path.Combine(_dir.FullName, "kubeconfig");
        _sandbox.WriteKubeconfig(kubeconfig);
        var (code, output, error) = Helm.RunWith(kubeconfig, "install", "labs", "charts/study-operator", "--namespace", "study-system", "--create-namespace", "--set", "replicaCount=2");
        Assert.True(code == 0, output + error);

        var notes = output[(output.IndexOf("NOTES:", StringComparison.Ordinal) + "NOTES:".Length)..].Trim().Split('\n');
        Assert.InRange(notes.Length, 3, 10);

        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = _sandbox.BaseAddress.ToString() });
        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync("labs-study-operator", "study-system");
        Assert.Contains("--leader-elect", deployment.Spec.Template.Spec.Containers[0].Args);
        await client.RbacAuthorizationV1.ReadClusterRoleAsync("labs-study-operator");
        await client.CoreV1.ReadNamespacedServiceAccountAsync("labs-study-operator", "study-system");
        await Eventually.True(
            async () => (await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("studylabs.labs.study.dev")).Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true,
            TimeSpan.FromSeconds(10),
            "the chart's CRD is established");
    }

    [Fact]
    public async Task Kubectl_apply_k_config_default_installs_the_operator()
    {
        var kubeconfig = Path.Combine(_dir.FullName, "kubeconfig");
        _sandbox.WriteKubeconfig(kubeconfig);
        var (code, output, error) = ToolProcess.Run("kubectl", ["apply", "-k", "config/default"], new Dictionary<string, string>
        {
            ["KUBECONFIG"] = kubeconfig,
            ["KUBECACHEDIR"] = Path.Combine(_dir.FullName, "cache"),
        });
        Assert.True(code == 0, output + error);
        Assert.Contains("deployment.apps/study-operator created", output, StringComparison.Ordinal);

        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = _sandbox.BaseAddress.ToString() });
        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync("study-operator", "study-system");
        Assert.Equal("operator", deployment.Spec.Template.Spec.Containers[0].Name);
    }
}
