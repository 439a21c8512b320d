using System.Diagnostics;
using System.Runtime.InteropServices;
using k8s;
using StudyOperator.Sandbox.Tests.Infrastructure;

namespace StudyOperator.Sandbox.Tests.Kubelet;

/// <summary>Stopping the sandbox, in-process or as the executable, stops every process its pods started.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Disposing_the_sandbox_leaves_no_pod_process()
    {
        var api = new SandboxFixture();
        await api.InitializeAsync();
        string ns;
        try
        {
            ns = await api.NamespaceAsync("dispose");
            using var client = api.Client();
            await client.CoreV1.CreateNamespacedPodAsync(Pods.App("web-0", drainDelay: "20s"), ns);
            await client.CoreV1.CreateNamespacedPodAsync(Pods.App("web-1", drainDelay: "20s"), ns);
            await Eventually.True(() => Pods.ProcessesOf(ns).Count == 2, Pods.Slow, "two app processes");
        }
        finally
        {
            await api.DisposeAsync();
        }

        Assert.Empty(Pods.ProcessesOf(ns));
    }

    [Fact]
    public async Task The_executable_stops_its_pod_processes_on_SIGTERM()
    {
        var directory = Directory.CreateTempSubdirectory("sandbox-exe-").FullName;
        var kubeconfig = Path.Combine(directory, "kubeconfig");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "study-sandbox.dll"), "--kubeconfig", kubeconfig })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var ns = "exe-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await Eventually.True(() => File.Exists(kubeconfig), TimeSpan.FromSeconds(30), "the kubeconfig to be written");
            using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
            await client.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new k8s.Models.V1ObjectMeta { Name = ns } });
            await client.CoreV1.CreateNamespacedPodAsync(Pods.App("web-0", drainDelay: "20s"), ns);
            await Eventually.True(() => Pods.ProcessesOf(ns).Count == 1, Pods.Slow, "the app process");

            Assert.Equal(0, Kill(process.Id, 15));
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(cts.Token);
            Assert.Equal(0, process.ExitCode);
            Assert.Empty(Pods.ProcessesOf(ns));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            foreach (var pid in Pods.ProcessesOf(ns))
            {
                _ = Kill(-pid, 9);
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
