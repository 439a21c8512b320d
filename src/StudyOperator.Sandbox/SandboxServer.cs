using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Controllers;
using StudyOperator.Sandbox.Diagnostics;
using StudyOperator.Sandbox.Kubelet;
using StudyOperator.Sandbox.Registry;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox;

/// <summary>
/// A Kubernetes-compatible API server on 127.0.0.1: kubectl, KubernetesClient and the Python client talk to it unchanged.
/// Start it with <see cref="StartAsync"/>, point clients at <see cref="BaseAddress"/> or a kubeconfig from
/// <see cref="WriteKubeconfig"/>, and dispose it to stop.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly CancellationTokenSource stopping;
    private readonly List<Task> loops = [];
    private readonly HttpClient proxyClient;
    private NodeControllers? node;

    private SandboxServer(WebApplication app, ResourceService service, RequestMetrics metrics, FaultInjector faults, HttpClient proxyClient, CancellationTokenSource stopping)
    {
        this.app = app;
        this.stopping = stopping;
        Service = service;
        Metrics = metrics;
        FaultInjector = faults;
        this.proxyClient = proxyClient;
    }

    /// <summary>The server's URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Container logs served by <c>pods/log</c>.</summary>
    public PodLogs PodLogs => Service.PodLogs;

    /// <summary>When each pod was created, became Ready, was asked to terminate and was removed (commit times).</summary>
    public PodTimeline PodTimeline => Service.PodTimeline;

    /// <summary>Ground truth for one namespace: per pod, when it was created, became Ready, joined and left Service endpoints, and was deleted.</summary>
    public IReadOnlyList<PodRecord> GroundTruth(string ns) => PodTimeline.InNamespace(ns);

    /// <summary>The node: kubelet, EndpointSlice controller and Service proxies.</summary>
    internal NodeControllers Node => node!;

    /// <summary>The faults currently injected; assign to change them at runtime.</summary>
    public FaultSettings Faults
    {
        get => FaultInjector.Settings;
        set => FaultInjector.Settings = value;
    }

    internal ResourceService Service { get; }

    internal ObjectStore Store => Service.Store;

    internal RequestMetrics Metrics { get; }

    internal FaultInjector FaultInjector { get; }

    public static async Task<SandboxServer> StartAsync(SandboxOptions options, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "study-sandbox", Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, options.Port);
            k.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
        });
        builder.WebHost.UseSetting(WebHostDefaults.SuppressStatusMessagesKey, "true");

        var store = new ObjectStore(options.WatchWindow, options.Time);
        var registry = new ResourceRegistry();
        var service = new ResourceService(store, registry, options.Time);
        var metrics = new RequestMetrics();
        var faults = new FaultInjector(options.Faults, options.Time);
        var proxyClient = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false, UseCookies = false });
        var stopping = new CancellationTokenSource();
        var watches = new WatchStreamer(service, faults, options.Time, options.BookmarkInterval, stopping.Token);
        var app = builder.Build();
        var handler = new ApiHandler(service, watches, new ProxyHandler(service, proxyClient), metrics, faults, options.Time, app.Services.GetRequiredService<ILogger<ApiHandler>>());
        app.Run(handler.HandleAsync);

        var server = new SandboxServer(app, service, metrics, faults, proxyClient, stopping);
        var controllers = new ClusterControllers(service, app.Services.GetRequiredService<ILogger<ClusterControllers>>(), options.NamespaceCleanupDelay, server.stopping.Token);
        var subscription = store.SubscribeLive(null, null);
        server.loops.Add(Task.Run(() => controllers.RunAsync(subscription, server.stopping.Token), CancellationToken.None));
        server.loops.Add(Controllers.Workloads.WorkloadControllers.Start(service, app.Services.GetRequiredService<ILogger<Controllers.Workloads.WorkloadControllers>>(), server.stopping.Token));
        var pods = store.SubscribeLive(registry.Get("", "v1", "pods").EffectiveStorageKey, null);
        server.loops.Add(Task.Run(() => server.RecordPodsAsync(pods, server.stopping.Token), CancellationToken.None));
        server.loops.Add(Task.Run(() => server.ExpireResourceVersionsAsync(options.Time, server.stopping.Token), CancellationToken.None));

        server.node = options.RunNode ? NodeControllers.Start(service, options, server.KubeconfigYaml, app.Services.GetRequiredService<ILoggerFactory>(), server.stopping.Token) : null;

        var namespaces = registry.Get("", "v1", "namespaces");
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            service.Create(namespaces, "", new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } }, WriteOptions.Internal);
        }

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    /// <summary>A kubeconfig with cluster, user and context <c>sandbox</c> pointing at this server.</summary>
    public string KubeconfigYaml(string defaultNamespace = "default") =>
        $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: sandbox
          cluster:
            server: {BaseAddress.ToString().TrimEnd('/')}
        contexts:
        - name: sandbox
          context:
            cluster: sandbox
            user: sandbox
            namespace: {defaultNamespace}
        current-context: sandbox
        users:
        - name: sandbox
          user:
            token: sandbox

        """;

    public void WriteKubeconfig(string path, string defaultNamespace = "default")
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var temp = path + ".tmp";
        File.WriteAllText(temp, KubeconfigYaml(defaultNamespace));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Forgets the retained window of changes now: every watch resuming from an older resourceVersion gets 410.</summary>
    public void ExpireResourceVersions() => Store.Compact();

    private async Task RecordPodsAsync(StoreSubscription subscription, CancellationToken cancellationToken)
    {
        using (subscription)
        {
            try
            {
                await foreach (var e in subscription.Events.ReadAllAsync(cancellationToken))
                {
                    PodTimeline.Observe(e);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping.
            }
        }
    }

    private async Task ExpireResourceVersionsAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var every = Faults.ExpireResourceVersionsEvery;
                await Task.Delay(every > TimeSpan.Zero ? every : TimeSpan.FromSeconds(1), time, cancellationToken);
                if (Faults.ExpireResourceVersionsEvery > TimeSpan.Zero)
                {
                    Store.Compact();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        if (node is not null)
        {
            // Stops every pod process and Service proxy the sandbox started.
            await node.DisposeAsync();
        }

        await app.StopAsync(CancellationToken.None);
        await Task.WhenAll(loops);
        await app.DisposeAsync();
        proxyClient.Dispose();
        stopping.Dispose();
    }
}
