using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Network;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Services;

/// <summary>
/// kube-proxy for the sandbox: one <see cref="ServiceProxy"/> per TCP port of every Service with a ClusterIP,
/// listening on clusterIP:port and fed the endpoints of the Service's EndpointSlices on every change.
/// </summary>
internal sealed class ServiceProxies(ResourceService service, ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly string servicesKey = service.Registry.Get("", "v1", "services").EffectiveStorageKey;
    private readonly string slicesKey = service.Registry.Get("discovery.k8s.io", "v1", "endpointslices").EffectiveStorageKey;
    private readonly Dictionary<(string Namespace, string Name), Dictionary<string, ServiceProxy>> proxies = [];
    private readonly List<Task> disposals = [];
    private readonly ILogger logger = loggers.CreateLogger<ServiceProxies>();

    /// <summary>The proxies of one Service, by port name (empty for an unnamed port).</summary>
    public IReadOnlyDictionary<string, ServiceProxy> For(string ns, string name)
    {
        lock (proxies)
        {
            return proxies.TryGetValue((ns, name), out var ports) ? new Dictionary<string, ServiceProxy>(ports) : [];
        }
    }

    public async Task RunAsync(StoreSubscription subscription, CancellationToken cancellationToken)
    {
        using (subscription)
        {
            try
            {
                var dirty = new HashSet<(string Namespace, string Name)>();
                foreach (var svc in service.Store.List(servicesKey, null).Items)
                {
                    dirty.Add((svc.Ns(), svc.Name()));
                }

                while (true)
                {
                    foreach (var (ns, name) in dirty)
                    {
                        Reconcile(ns, name);
                    }

                    dirty.Clear();
                    if (!await subscription.Events.WaitToReadAsync(cancellationToken))
                    {
                        return;
                    }

                    while (subscription.Events.TryRead(out var e))
                    {
                        if (e.StorageKey == servicesKey)
                        {
                            dirty.Add((e.Namespace, e.Object.Name()));
                        }
                        else if (e.StorageKey == slicesKey && e.Object.Labels()?[ServiceSelection.ServiceNameLabel] is JsonValue owner)
                        {
                            dirty.Add((e.Namespace, owner.GetValue<string>()));
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The sandbox is stopping.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<ServiceProxy> all;
        lock (proxies)
        {
            all = [.. proxies.Values.SelectMany(p => p.Values)];
            proxies.Clear();
        }

        Task[] pending;
        lock (disposals)
        {
            pending = [.. disposals];
        }

        await Task.WhenAll(all.Select(p => p.DisposeAsync().AsTask()).Concat(pending));
    }

    private void Reconcile(string ns, string name)
    {
        var svc = service.Store.Get(servicesKey, ns, name);
        var ip = svc?.Str("spec", "clusterIP");
        var wanted = new Dictionary<string, (IPEndPoint Listen, string PortName)>(StringComparer.Ordinal);
        if (svc is not null && IPAddress.TryParse(ip, out var address))
        {
            foreach (var port in (svc.At("spec", "ports") as JsonArray ?? []).OfType<JsonObject>())
            {
                if ((port.Str("protocol") ?? "TCP") == "TCP" && port["port"].Long() is { } number)
                {
                    wanted[port.Str("name") ?? ""] = (new IPEndPoint(address, (int)number), port.Str("name") ?? "");
                }
            }
        }

        lock (proxies)
        {
            if (!proxies.TryGetValue((ns, name), out var current))
            {
                current = new Dictionary<string, ServiceProxy>(StringComparer.Ordinal);
                proxies[(ns, name)] = current;
            }

            foreach (var (portName, proxy) in current.ToList())
            {
                if (!wanted.TryGetValue(portName, out var w) || !w.Listen.Equals(proxy.LocalEndPoint))
                {
                    current.Remove(portName);
                    Track(proxy.DisposeAsync().AsTask());
                }
            }

            foreach (var (portName, (listen, _)) in wanted)
            {
                if (current.ContainsKey(portName))
                {
                    continue;
                }

                try
                {
                    var proxy = new ServiceProxy(listen, loggers.CreateLogger<ServiceProxy>());
                    proxy.Start();
                    current[portName] = proxy;
                }
                catch (SocketException e)
                {
                    // Another sandbox in this machine holds the address (it binds at once, so nothing is left to dispose).
                    Log.ProxyFailed(logger, ns, name, listen.Port, listen.Address.ToString(), e.Message);
                }
            }

            if (current.Count == 0)
            {
                proxies.Remove((ns, name));
                return;
            }

            var slices = service.Store.List(slicesKey, ns).Items
                .Where(s => s.Labels()?[ServiceSelection.ServiceNameLabel]?.GetValue<string>() == name)
                .ToList();
            foreach (var (portName, proxy) in current)
            {
                proxy.UpdateEndpoints(Endpoints(slices, portName));
            }
        }
    }

    /// <summary>Every address of the slices on the slice port with the Service port's name; a nil condition counts as true (discovery/v1).</summary>
    private static List<ServiceEndpoint> Endpoints(List<JsonObject> slices, string portName)
    {
        var result = new List<ServiceEndpoint>();
        foreach (var slice in slices)
        {
            var port = (slice["ports"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(p => (p.Str("name") ?? "") == portName && (p.Str("protocol") ?? "TCP") == "TCP");
            if (port?["port"].Long() is not { } number)
            {
                continue;
            }

            foreach (var endpoint in (slice["endpoints"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var ready = Condition(endpoint, "ready", true);
                var serving = Condition(endpoint, "serving", ready);
                var terminating = Condition(endpoint, "terminating", false);
                foreach (var address in (endpoint["addresses"] as JsonArray ?? []).Select(a => a?.GetValue<string>()))
                {
                    if (IPAddress.TryParse(address, out var ip))
                    {
                        result.Add(new ServiceEndpoint(ip, (int)number, ready, serving, terminating));
                    }
                }
            }
        }

        return result;
    }

    private static bool Condition(JsonObject endpoint, string name, bool fallback) =>
        endpoint.At("conditions", name) is JsonValue v && v.TryGetValue<bool>(out var b) ? b : fallback;

    private void Track(Task task)
    {
        lock (disposals)
        {
            disposals.RemoveAll(t => t.IsCompleted);
            disposals.Add(task);
        }
    }
}
