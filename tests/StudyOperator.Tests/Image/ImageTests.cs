using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using k8s;
using StudyOperator.Reconciliation;
using StudyOperator.Tests.OnSandbox;

namespace StudyOperator.Tests.Image;

/// <summary>
/// The container image (issue 8): built offline from the real Dockerfile, run as the chart runs it (non-root,
/// read-only root filesystem, no capabilities) on the host network; every role comes from the one image.
/// </summary>
[Collection(ImageCollection.Name)]
public sealed partial class ImageTests(ImageFixture fixture)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    // A non-local image keeps the lab's pods virtual on the sandbox (no processes started on the host).
    private const string VirtualImage = "registry.example/demo:v1";

    private string Image
    {
        get
        {
            Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
            return fixture.Image;
        }
    }

    [GeneratedRegex(@"Listening on (http://\S+)")]
    private static partial Regex AppListening();

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex HostListening();

    [SkippableFact]
    public async Task The_image_runs_as_a_non_root_user_with_the_operator_as_entrypoint()
    {
        var inspect = await Command.DockerAsync(CommandTimeout, "image", "inspect", "--format", "{{json .Config}}", Image);
        Assert.True(inspect.Succeeded, inspect.ToString());
        using var config = JsonDocument.Parse(inspect.Output);

        var user = config.RootElement.GetProperty("User").GetString();
        Assert.Equal("65532:65532", user);
        Assert.Equal(["/app/study-operator"], config.RootElement.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()));
    }

    [SkippableTheory]
    [InlineData("operator", new string[] { "--help" }, "--kubeconfig")]
    [InlineData("app", new[] { "app", "--help" }, "--drain-delay")]
    [InlineData("probe", new[] { "probe", "--help" }, "--service")]
    public async Task Every_role_is_in_the_one_image(string role, string[] args, string option)
    {
        var run = await Command.DockerAsync(
            CommandTimeout,
            ["run", "--rm", "--read-only", "--user", "65532:65532", "--cap-drop", "ALL", "--network", "none", Image, .. args]);

        Assert.True(run.Succeeded, $"{role}: {run}");
        Assert.Contains(option, run.Output, StringComparison.Ordinal);
    }

    /// <summary>The image's executable is Native AOT: the CRD generator, which reads the API types by reflection, must see them whole.</summary>
    [SkippableFact]
    public async Task The_crd_role_prints_the_crd_the_api_types_generate()
    {
        var run = await Command.DockerAsync(
            CommandTimeout,
            ["run", "--rm", "--read-only", "--user", "65532:65532", "--cap-drop", "ALL", "--network", "none", Image, "crd"]);

        Assert.True(run.Succeeded, run.ToString());
        Assert.Equal(StudyOperator.Yaml.YamlWriter.Write(StudyOperator.Manifests.CrdGenerator.Generate()), run.Output);
    }

    [SkippableFact]
    public async Task The_app_role_serves_its_pod_name_and_version_and_the_probe_role_reaches_it()
    {
        var image = Image;
        var podName = $"image-app-{Guid.NewGuid():N}"[..20];
        await using var app = await ImageContainer.StartAsync(
            image,
            "app",
            ["--env", $"POD_NAME={podName}", "--env", "POD_NAMESPACE=image-tests", "--env", "POD_IP=127.0.0.1"],
            ["app", "--port", "0", "--version", "v-image"]);
        var address = await app.AddressAsync(AppListening(), StartTimeout);
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };

        using var answer = JsonDocument.Parse(await http.GetStringAsync(new Uri("/", UriKind.Relative)));

        Assert.Equal(podName, answer.RootElement.GetProperty("pod").GetString());
        Assert.Equal("v-image", answer.RootElement.GetProperty("version").GetString());
        Assert.Equal("image-tests", answer.RootElement.GetProperty("namespace").GetString());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);

        // Outside Kubernetes there is no /dev/termination-log to write the result to.
        var probe = await Command.DockerAsync(
            CommandTimeout,
            ["run", "--rm", "--read-only", "--user", "65532:65532", "--cap-drop", "ALL", "--network", "host", image,
             "probe", "--url", address.ToString(), "--requests", "5", "--result-file", "/dev/null"]);
        Assert.True(probe.Succeeded, probe.ToString());
        using var result = JsonDocument.Parse(probe.Output);
        Assert.Equal(5, result.RootElement.GetProperty("ok").GetInt32());
        Assert.Equal(5, result.RootElement.GetProperty("pods").GetProperty(podName).GetInt32());
    }

    [SkippableFact]
    public async Task The_operator_role_in_the_image_gets_ready_on_the_sandbox_and_reconciles_a_lab()
    {
        var image = Image;
        await using var cluster = await SandboxCluster.StartAsync();
        var ns = await cluster.CreateNamespaceAsync("image");
        var dir = Directory.CreateTempSubdirectory("study-image-");
        try
        {
            var kubeconfig = Path.Combine(dir.FullName, "kubeconfig");
            cluster.Sandbox.WriteKubeconfig(kubeconfig);
            // The container's user (65532) reads it through the read-only bind mount, whatever the umask.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(kubeconfig, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }

            await using var op = await ImageContainer.StartAsync(
                image,
                "operator",
                ["--volume", $"{kubeconfig}:/config/kubeconfig:ro", "--env", "POD_NAME=image-operator", "--env", $"POD_NAMESPACE={ns}"],
                ["--kubeconfig", "/config/kubeconfig", "--metrics-address", "127.0.0.1", "--metrics-port", "0", "--namespace", ns, "--image", VirtualImage]);
            var health = await op.AddressAsync(HostListening(), StartTimeout);
            using var http = new HttpClient { BaseAddress = health, Timeout = TimeSpan.FromSeconds(10) };

            await Eventually.True(
                async () => (await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode == HttpStatusCode.OK,
                StartTimeout,
                "the containerized operator is ready once its caches synced",
                poll: TimeSpan.FromMilliseconds(200));
            var lab = await cluster.CreateLabAsync(ns, SandboxCluster.Lab("web", s => s.App.Image = VirtualImage));

            var deployment = await Eventually.Object(
                async () => (await cluster.Client.AppsV1.ListNamespacedDeploymentAsync(ns)).Items.FirstOrDefault(d => d.Metadata.Name == "web-app"),
                StartTimeout,
                "the operator in the container creates the lab's Deployment");
            Assert.Equal(lab.Metadata.Uid, Assert.Single(deployment.Metadata.OwnerReferences).Uid);
            await Eventually.True(
                async () => ConditionSet.Find((await cluster.GetLabAsync(ns, "web")).Status?.Conditions, LabConditions.Ready)?.Status == "True",
                StartTimeout,
                "the lab's status, written by the containerized operator, says Ready",
                poll: TimeSpan.FromMilliseconds(200));

            // A restarted operator finds its children as it left them (listed objects must look like watched ones,
            // kind and apiVersion included) and rewrites neither.
            var before = await ChildVersionsAsync(cluster, ns);
            await op.DisposeAsync();
            await using var restarted = await ImageContainer.StartAsync(
                image,
                "operator",
                ["--volume", $"{kubeconfig}:/config/kubeconfig:ro", "--env", "POD_NAME=image-operator-2", "--env", $"POD_NAMESPACE={ns}"],
                ["--kubeconfig", "/config/kubeconfig", "--metrics-address", "127.0.0.1", "--metrics-port", "0", "--namespace", ns, "--image", VirtualImage]);
            using var again = new HttpClient { BaseAddress = await restarted.AddressAsync(HostListening(), StartTimeout), Timeout = TimeSpan.FromSeconds(10) };
            await Eventually.True(
                async () => (await again.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Contains("studyoperator_controller_reconciles_total{", StringComparison.Ordinal),
                StartTimeout,
                "the restarted operator reconciles the lab it finds",
                poll: TimeSpan.FromMilliseconds(200));
            Assert.Equal(before, await ChildVersionsAsync(cluster, ns));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task<string> ChildVersionsAsync(SandboxCluster cluster, string ns) =>
        $"deployment {(await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web-app", ns)).Metadata.ResourceVersion}, "
        + $"service {(await cluster.Client.CoreV1.ReadNamespacedServiceAsync("web", ns)).Metadata.ResourceVersion}";
}
