using StudyOperator.Sandbox;
using StudyOperator.Tests.Manifests;

namespace StudyOperator.Tests.OnSandbox;

/// <summary>The project's own CRD and samples through the real kubectl against the sandbox, as a learner types them.</summary>
public sealed class KubectlStudyLabTests : IAsyncLifetime
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kubectl-sl-");
    private SandboxServer _sandbox = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxServer.StartAsync(new SandboxOptions());
        _sandbox.WriteKubeconfig(Path.Combine(_dir.FullName, "kubeconfig"));
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        _dir.Delete(recursive: true);
    }

    private (int Code, string Output, string Error) Kubectl(params string[] args) =>
        ToolProcess.Run("kubectl", args, new Dictionary<string, string>
        {
            ["KUBECONFIG"] = Path.Combine(_dir.FullName, "kubeconfig"),
            ["KUBECACHEDIR"] = Path.Combine(_dir.FullName, "cache"),
        });

    private string Ok(params string[] args)
    {
        var (code, output, error) = Kubectl(args);
        Assert.True(code == 0, $"kubectl {string.Join(' ', args)}: {error}");
        return output;
    }

    [Fact]
    public void The_crd_and_every_sample_apply_with_default_validation_and_show_their_columns_and_explanations()
    {
        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/studylabs.labs.study.dev created", Ok("apply", "-f", "config/crd/"), StringComparison.Ordinal);
        Ok("wait", "--for=condition=Established", "crd/studylabs.labs.study.dev", "--timeout=20s");

        var applied = Ok("apply", "-f", "config/samples/");
        foreach (var name in new[] { "self-healing", "load-balancing", "failover", "full-tour" })
        {
            Assert.Contains($"studylab.labs.study.dev/{name} created", applied, StringComparison.Ordinal);
        }

        var header = Ok("get", "sl").Split('\n')[0];
        Assert.Equal(["NAME", "PHASE", "STEP", "READY", "RECOVERY", "BALANCE", "FAILOVER", "AGE"], header.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("full-tour", Ok("get", "studylabs", "-o", "name"), StringComparison.Ordinal);

        var explained = Ok("explain", "studylab.spec.app");
        Assert.Contains("replicas", explained, StringComparison.Ordinal);
        Assert.Contains("How many pods the ReplicaSet keeps alive", explained, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_lab_is_refused_with_a_message_naming_the_field()
    {
        Ok("apply", "-f", "config/crd/labs.study.dev_studylabs.yaml");
        Ok("wait", "--for=condition=Established", "crd/studylabs.labs.study.dev", "--timeout=20s");
        var lab = Path.Combine(_dir.FullName, "big.yaml");
        File.WriteAllText(lab, """
            apiVersion: labs.study.dev/v1alpha1
            kind: StudyLab
            metadata: {name: big}
            spec:
              app: {replicas: 50}
              steps: [{type: SelfHealing}]
            """);
        var (code, _, error) = Kubectl("apply", "-f", lab);
        Assert.NotEqual(0, code);
        Assert.Contains("spec.app.replicas", error, StringComparison.Ordinal);
        Assert.Contains("less than or equal to 10", error, StringComparison.Ordinal);

        File.WriteAllText(lab, """
            apiVersion: labs.study.dev/v1alpha1
            kind: StudyLab
            metadata: {name: typo}
            spec:
              steps: [{type: SelfHealing, selfhealing: {rounds: 2}}]
            """);
        (code, _, error) = Kubectl("apply", "-f", lab);
        Assert.NotEqual(0, code);
        Assert.Contains("unknown field \"spec.steps[0].selfhealing\"", error, StringComparison.Ordinal);
    }
}
