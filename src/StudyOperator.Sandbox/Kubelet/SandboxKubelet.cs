using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Network;
using StudyOperator.Sandbox.Node;
using StudyOperator.Sandbox.Registry;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Kubelet;

/// <summary>
/// The sandbox's one node: watches pods (event-driven, through the store's subscription API), starts a
/// <see cref="PodWorker"/> for each new pod, starts graceful termination when a pod gets a deletionTimestamp,
/// and frees the pod's IP and processes once the object is gone.
/// </summary>
internal sealed class SandboxKubelet(ResourceService service, LocalImages images, LoopbackAddressPool podIps, Func<string, string> kubeconfig, TimeProvider time, ILogger logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, PodWorker> workers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Namespace, string Name), PodWorker> byName = new();
    private readonly List<Task> disposals = [];
    private readonly HttpProber prober = new(time);

    public ResourceService Service => service;

    public ResourceType PodType { get; } = service.Registry.Get("", "v1", "pods");

    public LocalImages Images => images;

    public TimeProvider Time => time;

    public ILogger Logger => logger;

    public IProbeRunner Prober => prober;

    /// <summary>The sandbox's kubeconfig for a pod of this namespace.</summary>
    public string KubeconfigFor(string ns) => kubeconfig(ns);

    public PodEvents Events { get; } = new(service, time);

    public async Task RunAsync(StoreSubscription subscription, CancellationToken cancellationToken)
    {
        using (subscription)
        {
            try
            {
                foreach (var pod in service.Store.List(PodType.EffectiveStorageKey, null).Items)
                {
                    Handle(WatchEventType.Added, pod);
                }

                while (await subscription.Events.WaitToReadAsync(cancellationToken))
                {
                    while (subscription.Events.TryRead(out var e))
                    {
                        Handle(e.Type, e.Object);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The sandbox is stopping.
            }
        }
    }

    /// <summary>The log <c>kubectl logs</c> reads for a container of a pod this node runs; null when it runs no such pod.</summary>
    public ContainerLogLookup? FindLog(string ns, string pod, string container, bool previous) =>
        byName.TryGetValue((ns, pod), out var worker) ? worker.FindLog(container, previous) : null;

    public IReadOnlyDictionary<string, string>? EnvironmentOf(string ns, string pod, string container) =>
        byName.TryGetValue((ns, pod), out var worker) ? worker.EnvironmentOf(container) : null;

    public IReadOnlyList<JsonObject> ServicesIn(string ns) =>
        service.Store.List(service.Registry.Get("", "v1", "services").EffectiveStorageKey, ns).Items;

    public JsonObject? ConfigMap(string ns, string name) => service.Store.Get(service.Registry.Get("", "v1", "configmaps").EffectiveStorageKey, ns, name);

    public JsonObject? Secret(string ns, string name) => service.Store.Get(service.Registry.Get("", "v1", "secrets").EffectiveStorageKey, ns, name);

    public async ValueTask DisposeAsync()
    {
        var all = workers.Values.ToList();
        workers.Clear();
        byName.Clear();
        Task[] pending;
        lock (disposals)
        {
            pending = [.. disposals];
        }

        await Task.WhenAll(all.Select(w => w.DisposeAsync().AsTask()).Concat(pending));
        prober.Dispose();
    }

    private void Handle(WatchEventType type, JsonObject pod)
    {
        var uid = pod.Uid();
        if (uid is null)
        {
            return;
        }

        if (type == WatchEventType.Deleted)
        {
            if (workers.TryRemove(uid, out var gone))
            {
                byName.TryRemove(new KeyValuePair<(string, string), PodWorker>((gone.Namespace, gone.Name), gone));
                podIps.Release(gone.Ip);
                service.PodLogs.Remove(gone.Namespace, gone.Name);
                Events.Forget(gone.Uid);
                Track(gone.DisposeAsync().AsTask());
            }

            return;
        }

        if (!workers.TryGetValue(uid, out var worker))
        {
            if (pod.Str("status", "phase") is "Succeeded" or "Failed")
            {
                return;
            }

            IPAddress ip;
            try
            {
                ip = podIps.Allocate();
            }
            catch (InvalidOperationException e)
            {
                Log.PodProblem(logger, pod.Ns(), pod.Name(), e.Message);
                return;
            }

            worker = new PodWorker(this, pod, ip);
            workers[uid] = worker;
            try
            {
                worker.Start(pod);
            }
            catch (Exception e) when (e is ContainerStartException or IOException or UnauthorizedAccessException)
            {
                // The pod's directory could not be made: its containers stay waiting, the node keeps running others.
                Log.PodProblem(logger, pod.Ns(), pod.Name(), e.Message);
            }

            // Readers (pods/log) see the worker only once its containers are set up.
            byName[(pod.Ns(), pod.Name())] = worker;
        }

        if (pod.IsTerminating())
        {
            worker.BeginTermination(pod.At("metadata", "deletionGracePeriodSeconds").Long() ?? 0);
        }
    }

    private void Track(Task task)
    {
        lock (disposals)
        {
            disposals.RemoveAll(t => t.IsCompleted);
            disposals.Add(task);
        }
    }
}
