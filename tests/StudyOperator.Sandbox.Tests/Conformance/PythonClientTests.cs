using System.Diagnostics;
using StudyOperator.Sandbox.Tests.Infrastructure;

namespace StudyOperator.Sandbox.Tests.Conformance;

/// <summary>The Debian python3-kubernetes client's list and watch against the sandbox.</summary>
public sealed class PythonClientTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private const string Script = """
        import sys, threading
        from kubernetes import client, config, watch
        config.load_kube_config(config_file=sys.argv[1])
        ns = sys.argv[2]
        v1 = client.CoreV1Api()
        v1.create_namespaced_config_map(ns, {"metadata": {"name": "from-python"}, "data": {"a": "1"}})
        items = v1.list_namespaced_config_map(ns).items
        print("LIST", sorted(i.metadata.name for i in items))
        rv = v1.list_namespaced_config_map(ns).metadata.resource_version
        def change():
            v1.patch_namespaced_config_map("from-python", ns, {"data": {"a": "2"}})
            v1.delete_namespaced_config_map("from-python", ns)
        threading.Timer(0.5, change).start()
        w = watch.Watch()
        for event in w.stream(v1.list_namespaced_config_map, ns, resource_version=rv, timeout_seconds=20):
            print("EVENT", event["type"], event["object"].metadata.name)
            if event["type"] == "DELETED":
                w.stop()
        custom = client.CustomObjectsApi()
        group = sys.argv[3]
        custom.create_namespaced_custom_object(group, "v1", ns, "widgets", {"apiVersion": group + "/v1", "kind": "Widget", "metadata": {"name": "pw"}, "spec": {"replicas": 2}})
        custom.patch_namespaced_custom_object(group, "v1", ns, "widgets", "pw", {"spec": {"replicas": 3}})
        print("CUSTOM", custom.get_namespaced_custom_object(group, "v1", ns, "widgets", "pw")["spec"]["replicas"])
        """;

    [PythonKubernetesFact]
    public async Task Python_client_lists_watches_and_patches()
    {
        var ns = await sandbox.NamespaceAsync("py");
        var group = await Crds.CreateAsync(sandbox);
        using var kubectl = new Kubectl(sandbox.Server, ns);
        var script = kubectl.WriteFile("client.py", Script);
        var info = new ProcessStartInfo(PythonKubernetesFactAttribute.Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { script, kubectl.KubeconfigPath, ns, group })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        var output = await stdout;
        Assert.True(process.ExitCode == 0, $"python exited {process.ExitCode}: {await stderr}{output}");
        Assert.Contains("LIST ['from-python']", output.Replace("'kube-root-ca.crt', ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("EVENT MODIFIED from-python", output);
        Assert.Contains("EVENT DELETED from-python", output);
        Assert.Contains("CUSTOM 3", output);
    }
}
