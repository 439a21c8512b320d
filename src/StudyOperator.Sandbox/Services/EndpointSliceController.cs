using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Registry;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Services;

/// <summary>
/// The EndpointSlice and Endpoints controllers (pkg/controller/endpointslice, pkg/controller/endpoint): for each
/// Service with a selector, the matching pods with an IP become endpoints, with conditions ready/serving/terminating
/// in discovery.k8s.io/v1 EndpointSlices and addresses/notReadyAddresses in the legacy Endpoints object.
/// Event-driven: a batch of store events marks Services dirty, each dirty Service is synced once.
/// </summary>
internal sealed class EndpointSliceController(ResourceService service, ILogger logger)
{
    /// <summary>The controller's default --max-endpoints-per-slice.</summary>
    public const int MaxEndpointsPerSlice = 100;

    private readonly ResourceType pods = service.Registry.Get("", "v1", "pods");
    private readonly ResourceType services = service.Registry.Get("", "v1", "services");
    private readonly ResourceType slices = service.Registry.Get("discovery.k8s.io", "v1", "endpointslices");
    private readonly ResourceType endpoints = service.Registry.Get("", "v1", "endpoints");

    public async Task RunAsync(StoreSubscription subscription, CancellationToken cancellationToken)
    {
        using (subscription)
        {
            try
            {
                var dirty = new HashSet<(string Namespace, string Name)>();
                foreach (var svc in service.Store.List(services.EffectiveStorageKey, null).Items)
                {
                    dirty.Add((svc.Ns(), svc.Name()));
                }

                while (true)
                {
                    foreach (var key in dirty)
                    {
                        Sync(key.Namespace, key.Name);
                    }

                    dirty.Clear();
                    if (!await subscription.Events.WaitToReadAsync(cancellationToken))
                    {
                        return;
                    }

                    while (subscription.Events.TryRead(out var e))
                    {
                        Collect(e, dirty);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The sandbox is stopping.
            }
        }
    }

    private void Collect(StoreEvent e, HashSet<(string, string)> dirty)
    {
        if (e.StorageKey == services.EffectiveStorageKey)
        {
            dirty.Add((e.Namespace, e.Object.Name()));
        }
        else if (e.StorageKey == pods.EffectiveStorageKey)
        {
            foreach (var svc in service.Store.List(services.EffectiveStorageKey, e.Namespace).Items)
            {
                if (ServiceSelection.Selector(svc) is { } selector
                    && (ServiceSelection.Matches(selector, e.Object.Labels()) || (e.OldObject is { } old && ServiceSelection.Matches(selector, old.Labels()))))
                {
                    dirty.Add((e.Namespace, svc.Name()));
                }
            }
        }
    }

    private void Sync(string ns, string name)
    {
        try
        {
            lock (service.Store.Sync)
            {
                SyncLocked(ns, name);
            }
        }
        catch (ApiException e)
        {
            Log.EndpointsSyncFailed(logger, ns, name, e.Message);
        }
    }

    private void SyncLocked(string ns, string name)
    {
        var svc = service.Store.Get(services.EffectiveStorageKey, ns, name);
        var existing = service.Store.List(slices.EffectiveStorageKey, ns).Items
            .Where(s => s.Labels()?[ServiceSelection.ServiceNameLabel]?.GetValue<string>() == name && s.Labels()?[ServiceSelection.ManagedByLabel]?.GetValue<string>() == ServiceSelection.ControllerName)
            .ToList();
        if (svc is null || ServiceSelection.Selector(svc) is not { } selector)
        {
            foreach (var slice in existing)
            {
                service.Delete(slices, ns, slice.Name(), new DeleteOptions());
            }

            if (svc is null && service.Store.Get(endpoints.EffectiveStorageKey, ns, name) is not null)
            {
                service.Delete(endpoints, ns, name, new DeleteOptions());
            }

            return;
        }

        var publishNotReady = ServiceSelection.PublishNotReady(svc);
        var servicePorts = (svc.At("spec", "ports") as JsonArray ?? []).OfType<JsonObject>().ToList();
        var groups = new Dictionary<string, (JsonArray Ports, List<JsonObject> SliceEndpoints, JsonArray Ready, JsonArray NotReady)>(StringComparer.Ordinal);
        foreach (var pod in service.Store.List(pods.EffectiveStorageKey, ns).Items)
        {
            var ip = pod.Str("status", "podIP");
            if (string.IsNullOrEmpty(ip) || pod.Str("status", "phase") is "Succeeded" or "Failed" || !ServiceSelection.Matches(selector, pod.Labels()))
            {
                continue;
            }

            var ports = new JsonArray();
            foreach (var sp in servicePorts)
            {
                if (ServiceSelection.TargetPort(sp, pod) is { } target)
                {
                    ports.Add(new JsonObject { ["name"] = sp.Str("name") ?? "", ["port"] = target, ["protocol"] = sp.Str("protocol") ?? "TCP" });
                }
            }

            var key = ports.ToJsonString();
            if (!groups.TryGetValue(key, out var group))
            {
                group = (ports, [], [], []);
                groups[key] = group;
            }

            var podReady = ServiceSelection.IsPodReady(pod);
            var terminating = pod.IsTerminating();
            var nodeName = pod.Str("spec", "nodeName");
            JsonObject TargetRef() => new() { ["kind"] = "Pod", ["namespace"] = ns, ["name"] = pod.Name(), ["uid"] = pod.Uid() };
            var endpoint = new JsonObject
            {
                ["addresses"] = new JsonArray(ip),
                ["conditions"] = new JsonObject
                {
                    ["ready"] = publishNotReady || (podReady && !terminating),
                    ["serving"] = publishNotReady || podReady,
                    ["terminating"] = terminating,
                },
                ["targetRef"] = TargetRef(),
            };
            if (nodeName is not null)
            {
                endpoint["nodeName"] = nodeName;
            }

            group.SliceEndpoints.Add(endpoint);

            // The Endpoints controller leaves terminating pods out unless the Service publishes not-ready addresses.
            if (!terminating || publishNotReady)
            {
                var address = new JsonObject { ["ip"] = ip };
                if (nodeName is not null)
                {
                    address["nodeName"] = nodeName;
                }

                address["targetRef"] = TargetRef();
                (publishNotReady || podReady ? group.Ready : group.NotReady).Add(address);
            }
        }

        var desired = new List<(JsonArray? Ports, List<JsonObject>? Endpoints)>();
        foreach (var group in groups.Values.OrderBy(g => g.Ports.ToJsonString(), StringComparer.Ordinal))
        {
            for (var i = 0; i < group.SliceEndpoints.Count; i += MaxEndpointsPerSlice)
            {
                desired.Add((group.Ports, group.SliceEndpoints.Skip(i).Take(MaxEndpointsPerSlice).ToList()));
            }
        }

        if (desired.Count == 0)
        {
            // A Service with no matching pods still gets one empty slice (the controller's placeholder).
            desired.Add((null, null));
        }

        var labels = ServiceLabels(svc);
        for (var i = 0; i < desired.Count; i++)
        {
            var (ports, items) = desired[i];
            void Fill(JsonObject slice)
            {
                slice.Meta()["labels"] = labels.DeepClone();
                slice["addressType"] = "IPv4";
                slice["endpoints"] = items is null ? null : new JsonArray([.. items.Select(e => (JsonNode)e.DeepClone())]);
                if (ports is { Count: > 0 })
                {
                    slice["ports"] = ports.DeepClone();
                }
                else
                {
                    slice.Remove("ports");
                }
            }

            if (i < existing.Count)
            {
                service.Mutate(slices, ns, existing[i].Name(), Fill);
                continue;
            }

            var created = new JsonObject
            {
                ["apiVersion"] = "discovery.k8s.io/v1",
                ["kind"] = "EndpointSlice",
                ["metadata"] = new JsonObject
                {
                    ["generateName"] = name + "-",
                    ["namespace"] = ns,
                    ["ownerReferences"] = new JsonArray(new JsonObject
                    {
                        ["apiVersion"] = "v1",
                        ["kind"] = "Service",
                        ["name"] = name,
                        ["uid"] = svc.Uid(),
                        ["controller"] = true,
                        ["blockOwnerDeletion"] = true,
                    }),
                },
            };
            Fill(created);
            service.Create(slices, ns, created, WriteOptions.Internal);
        }

        foreach (var extra in existing.Skip(desired.Count))
        {
            service.Delete(slices, ns, extra.Name(), new DeleteOptions());
        }

        SyncEndpoints(ns, name, svc, groups.Values.Select(g => (g.Ports, g.Ready, g.NotReady)).ToList());
    }

    private void SyncEndpoints(string ns, string name, JsonObject svc, List<(JsonArray Ports, JsonArray Ready, JsonArray NotReady)> groups)
    {
        var subsets = new JsonArray();
        foreach (var (ports, ready, notReady) in groups.OrderBy(g => g.Ports.ToJsonString(), StringComparer.Ordinal))
        {
            if (ready.Count == 0 && notReady.Count == 0)
            {
                continue;
            }

            var subset = new JsonObject();
            if (ready.Count > 0)
            {
                subset["addresses"] = ready.DeepClone();
            }

            if (notReady.Count > 0)
            {
                subset["notReadyAddresses"] = notReady.DeepClone();
            }

            var legacyPorts = new JsonArray();
            foreach (var port in ports.OfType<JsonObject>())
            {
                var copy = port.CloneObject();
                if (copy.Str("name") is "")
                {
                    copy.Remove("name");
                }

                legacyPorts.Add(copy);
            }

            if (legacyPorts.Count > 0)
            {
                subset["ports"] = legacyPorts;
            }

            subsets.Add(subset);
        }

        var labels = svc.Labels()?.CloneObject() ?? [];
        if (svc.Str("spec", "clusterIP") == "None")
        {
            labels["service.kubernetes.io/headless"] = "";
        }

        void Fill(JsonObject obj)
        {
            obj.Meta()["labels"] = labels.DeepClone();
            if (subsets.Count > 0)
            {
                obj["subsets"] = subsets.DeepClone();
            }
            else
            {
                obj.Remove("subsets");
            }
        }

        if (service.Store.Get(endpoints.EffectiveStorageKey, ns, name) is not null)
        {
            service.Mutate(endpoints, ns, name, Fill);
            return;
        }

        var created = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Endpoints",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        };
        Fill(created);
        service.Create(endpoints, ns, created, WriteOptions.Internal);
    }

    private static JsonObject ServiceLabels(JsonObject svc)
    {
        var labels = svc.Labels()?.CloneObject() ?? [];
        labels[ServiceSelection.ServiceNameLabel] = svc.Name();
        labels[ServiceSelection.ManagedByLabel] = ServiceSelection.ControllerName;
        return labels;
    }
}
