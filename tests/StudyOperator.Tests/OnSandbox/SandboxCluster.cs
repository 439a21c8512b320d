using System.Text.Json;
using k8s;
using k8s.Models;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Manifests;
using StudyOperator.Sandbox;
using StudyOperator.Tests.Manifests;
using StudyOperator.Yaml;

namespace StudyOperator.Tests.OnSandbox;

/// <summary>An in-process sandbox cluster with the StudyLab CRD installed, and a client for it.</summary>
internal sealed class SandboxCluster : IAsyncDisposable
{
    private static int _namespaces;

    private SandboxCluster(SandboxServer sandbox)
    {
        Sandbox = sandbox;
        Client = new Kubernetes(Config);
    }

    public SandboxServer Sandbox { get; }

    public Kubernetes Client { get; }

    public KubernetesClientConfiguration Config => new() { Host = Sandbox.BaseAddress.ToString() };

    /// <param name="options">Sandbox settings.</param>
    /// <param name="editCrd">Changes the committed CRD before it is installed (e.g. to play an older schema).</param>
    public static async Task<SandboxCluster> StartAsync(SandboxOptions? options = null, Action<System.Text.Json.Nodes.JsonNode>? editCrd = null)
    {
        var cluster = new SandboxCluster(await SandboxServer.StartAsync(options ?? new SandboxOptions()));
        var crdJson = YamlDocuments.Parse(File.ReadAllText(RepositoryRoot.File("config", "crd", "labs.study.dev_studylabs.yaml")))[0];
        editCrd?.Invoke(crdJson);
        var crd = KubernetesJson.Deserialize<V1CustomResourceDefinition>(crdJson.ToJsonString());
        await CrdInstaller.InstallAsync(cluster.Client, crd);
        return cluster;
    }

    public async Task<string> CreateNamespaceAsync(string prefix)
    {
        var name = $"{prefix}-{Interlocked.Increment(ref _namespaces)}";
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    public async Task<V1Alpha1StudyLab> CreateLabAsync(string ns, V1Alpha1StudyLab lab)
    {
        lab.Metadata.NamespaceProperty = ns;
        var created = await Client.CustomObjects.CreateNamespacedCustomObjectAsync(lab, StudyLabGroup.Group, StudyLabGroup.Version, ns, StudyLabGroup.Plural);
        return Convert(created);
    }

    public async Task<V1Alpha1StudyLab> GetLabAsync(string ns, string name) =>
        Convert(await Client.CustomObjects.GetNamespacedCustomObjectAsync(StudyLabGroup.Group, StudyLabGroup.Version, ns, StudyLabGroup.Plural, name));

    /// <summary>Read, change, replace; on a conflict (the operator wrote status meanwhile) read again and retry, as kubectl edit users do.</summary>
    public async Task<V1Alpha1StudyLab> UpdateLabAsync(string ns, string name, Action<V1Alpha1StudyLab> change) =>
        await Eventually.Object(
            async () =>
            {
                var lab = await GetLabAsync(ns, name);
                change(lab);
                try
                {
                    return Convert(await Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(lab, StudyLabGroup.Group, StudyLabGroup.Version, ns, StudyLabGroup.Plural, name));
                }
                catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
                {
                    return null;
                }
            },
            TimeSpan.FromSeconds(10),
            $"update of {ns}/{name} without a conflict");

    /// <summary>Write requests (create, update, patch, delete) the sandbox has answered so far, on the objects a lab touches.</summary>
    public long Writes() =>
        new[] { "POST", "PUT", "PATCH", "APPLY", "DELETE" }.Sum(verb =>
            Sandbox.Metrics.Count(verb, "deployments") + Sandbox.Metrics.Count(verb, "services")
            + Sandbox.Metrics.Count(verb, StudyLabGroup.Plural) + Sandbox.Metrics.Count(verb, StudyLabGroup.Plural, "status")
            + Sandbox.Metrics.Count(verb, "events"));

    public static V1Alpha1StudyLab Lab(string name, Action<V1Alpha1StudyLabSpec>? configure = null)
    {
        var lab = new V1Alpha1StudyLab
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1Alpha1StudyLabSpec { Steps = [new V1Alpha1LabStep { Type = StepType.LoadBalancing }] },
        };
        // Background traffic adds a probe process per lab; tests about it turn it on (the samples have it on).
        lab.Spec.Traffic.RequestsPerSecond = 0;
        configure?.Invoke(lab.Spec);
        return lab;
    }

    private static V1Alpha1StudyLab Convert(object obj) => KubernetesJson.Deserialize<V1Alpha1StudyLab>(JsonSerializer.Serialize(obj));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Sandbox.DisposeAsync();
    }
}
