using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Network;
using StudyOperator.Sandbox.Services;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Kubelet;

/// <summary>
/// The node side of the sandbox, started with the API server: the node object, the kubelet, the EndpointSlice
/// and Endpoints controllers, the Service proxies and the endpoint part of the ground-truth timeline. All are
/// event-driven watchers of the store. Disposing stops every process a pod started.
/// </summary>
internal sealed class NodeControllers : IAsyncDisposable
{
    /// <summary>The one node's name (<c>spec.nodeName</c> of every pod).</summary>
    public const string NodeName = "sandbox";

    /// <summary>The node's address (<c>status.hostIP</c>).</summary>
    public const string HostIp = "127.0.0.1";

    private readonly CancellationTokenSource stopping;
    private readonly List<Task> loops = [];

    private NodeControllers(SandboxKubelet kubelet, ServiceProxies proxies, CancellationTokenSource stopping)
    {
        Kubelet = kubelet;
        Proxies = proxies;
        this.stopping = stopping;
    }

    public SandboxKubelet Kubelet { get; }

    public ServiceProxies Proxies { get; }

    /// <summary>Starts the node's watchers; <paramref name="kubeconfig"/> gives the sandbox's kubeconfig for a namespace (what a pod gets instead of a service account token).</summary>
    public static NodeControllers Start(ResourceService service, SandboxOptions options, Func<string, string> kubeconfig, ILoggerFactory loggers, CancellationToken stopping)
    {
        var store = service.Store;
        var registry = service.Registry;
        RegisterNode(service);
        var podIps = new LoopbackAddressPool(options.PodCidr);
        podIps.StartAtRandom();
        var images = new LocalImages(options.OperatorExecutable, options.LocalImages);
        var kubelet = new SandboxKubelet(service, images, podIps, kubeconfig, options.Time, loggers.CreateLogger<SandboxKubelet>());
        var proxies = new ServiceProxies(service, loggers);
        var endpointSlices = new EndpointSliceController(service, loggers.CreateLogger<EndpointSliceController>());
        var nodes = new NodeControllers(kubelet, proxies, CancellationTokenSource.CreateLinkedTokenSource(stopping));
        var token = nodes.stopping.Token;
        service.PodLogs.Source = kubelet.FindLog;

        var pods = store.SubscribeLive(registry.Get("", "v1", "pods").EffectiveStorageKey, null);
        nodes.loops.Add(Task.Run(() => kubelet.RunAsync(pods, token), CancellationToken.None));
        var everything = store.SubscribeLive(null, null);
        nodes.loops.Add(Task.Run(() => endpointSlices.RunAsync(everything, token), CancellationToken.None));
        var forProxies = store.SubscribeLive(null, null);
        nodes.loops.Add(Task.Run(() => proxies.RunAsync(forProxies, token), CancellationToken.None));
        var slices = store.SubscribeLive(registry.Get("discovery.k8s.io", "v1", "endpointslices").EffectiveStorageKey, null);
        nodes.loops.Add(Task.Run(() => ObserveEndpointsAsync(service, slices, token), CancellationToken.None));
        return nodes;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await Task.WhenAll(loops);
        await Kubelet.DisposeAsync();
        await Proxies.DisposeAsync();
        stopping.Dispose();
    }

    private static void RegisterNode(ResourceService service)
    {
        var nodes = service.Registry.Get("", "v1", "nodes");
        if (service.Store.Get(nodes.EffectiveStorageKey, "", NodeName) is not null)
        {
            return;
        }

        var now = service.Now();
        var node = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject
            {
                ["name"] = NodeName,
                ["labels"] = new JsonObject
                {
                    ["kubernetes.io/hostname"] = NodeName,
                    ["kubernetes.io/os"] = "linux",
                    ["kubernetes.io/arch"] = Architecture,
                    ["node-role.kubernetes.io/control-plane"] = "",
                },
            },
            ["spec"] = new JsonObject { ["podCIDR"] = "127.1.0.0/16", ["podCIDRs"] = new JsonArray("127.1.0.0/16") },
            ["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Ready",
                    ["status"] = "True",
                    ["reason"] = "KubeletReady",
                    ["message"] = "kubelet is posting ready status",
                    ["lastHeartbeatTime"] = now,
                    ["lastTransitionTime"] = now,
                }),
                ["addresses"] = new JsonArray(
                    new JsonObject { ["type"] = "InternalIP", ["address"] = HostIp },
                    new JsonObject { ["type"] = "Hostname", ["address"] = NodeName }),
                ["capacity"] = Resources(),
                ["allocatable"] = Resources(),
                ["nodeInfo"] = new JsonObject
                {
                    ["kubeletVersion"] = "v1.32.0",
                    ["kubeProxyVersion"] = "v1.32.0",
                    ["containerRuntimeVersion"] = "sandbox://1.0.0",
                    ["operatingSystem"] = "linux",
                    ["architecture"] = Architecture,
                    ["osImage"] = "StudyOperator sandbox",
                },
            },
        };
        service.Create(nodes, "", node, WriteOptions.Internal);
    }

    private static string Architecture =>
        System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "arm64" : "amd64";

    private static JsonObject Resources() => new()
    {
        ["cpu"] = Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["memory"] = $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024}Ki",
        ["pods"] = "65000",
    };

    private static async Task ObserveEndpointsAsync(ResourceService service, StoreSubscription subscription, CancellationToken cancellationToken)
    {
        using (subscription)
        {
            try
            {
                await foreach (var e in subscription.Events.ReadAllAsync(cancellationToken))
                {
                    service.PodTimeline.ObserveEndpoints(e);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping.
            }
        }
    }
}
