using k8s;
using k8s.Models;

namespace StudyOperator.Sandbox.Tests.Kubelet;

/// <summary><c>SandboxOptions.LocalImages</c> (<c>--local-image NAME=COMMAND</c>): more images run as local processes.</summary>
public sealed class LocalImageTests
{
    [Fact]
    public async Task A_mapped_image_runs_its_local_command_and_a_failing_one_ends_Failed_with_its_log_tail()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { LocalImages = new Dictionary<string, string> { ["python"] = "python3 -u" } });
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = server.BaseAddress.ToString().TrimEnd('/') });
        const string ns = "default";
        V1Pod Python(string name, string code) => new()
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1PodSpec
            {
                RestartPolicy = "Never",
                Containers = [new V1Container { Name = "py", Image = "docker.io/library/python:3.12", Args = ["-c", code], TerminationMessagePolicy = "FallbackToLogsOnError" }],
            },
        };

        await client.CoreV1.CreateNamespacedPodAsync(Python("ok", "import os; print('hello from', os.environ['POD_NAME'])"), ns);
        await client.CoreV1.CreateNamespacedPodAsync(Python("bad", "import sys; print('about to fail'); sys.exit(3)"), ns);
        var ok = await Pods.WaitAsync(client, ns, "ok", p => p.Status.Phase is "Succeeded" or "Failed", "to finish");
        var bad = await Pods.WaitAsync(client, ns, "bad", p => p.Status.Phase is "Succeeded" or "Failed", "to finish");

        Assert.Equal("Succeeded", ok.Status.Phase);
        using (var log = new StreamReader(await client.CoreV1.ReadNamespacedPodLogAsync("ok", ns)))
        {
            Assert.Equal("hello from ok\n", await log.ReadToEndAsync());
        }

        Assert.Equal("Failed", bad.Status.Phase);
        var terminated = bad.Status.ContainerStatuses[0].State.Terminated;
        Assert.Equal((3, "Error", "about to fail\n"), (terminated.ExitCode, terminated.Reason, terminated.Message));
    }
}
