using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Registry;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Kubelet;

/// <summary>
/// The Events the scheduler and kubelet write about a pod (Scheduled, Pulled, Created, Started, Killing, Unhealthy,
/// BackOff, Failed), as core/v1 Events named <c>{pod}.{hex nanoseconds}</c>. Like client-go's event correlator, a
/// repeat of the same event (object, reason, message) increments <c>count</c> and <c>lastTimestamp</c>.
/// </summary>
internal sealed class PodEvents(ResourceService service, TimeProvider time)
{
    private readonly ResourceType events = service.Registry.Get("", "v1", "events");
    private readonly ConcurrentDictionary<(string Uid, string? Container, string Reason, string Message), string> seen = new();

    public void Record(string ns, string pod, string uid, string? container, string type, string reason, string message, string component = "kubelet")
    {
        var now = time.GetUtcNow();
        var stamp = StatusJson.Time(now);
        try
        {
            if (seen.TryGetValue((uid, container, reason, message), out var existing) && service.Store.Get(events.EffectiveStorageKey, ns, existing) is not null)
            {
                service.Mutate(events, ns, existing, e =>
                {
                    e["count"] = (e["count"].Long() ?? 1) + 1;
                    e["lastTimestamp"] = stamp;
                });
                return;
            }

            var involved = new JsonObject { ["kind"] = "Pod", ["namespace"] = ns, ["name"] = pod, ["uid"] = uid, ["apiVersion"] = "v1" };
            if (container is not null)
            {
                involved["fieldPath"] = $"spec.containers{{{container}}}";
            }

            var name = $"{pod}.{(now.ToUnixTimeMilliseconds() * 1_000_000 + Random.Shared.Next(1_000_000)).ToString("x", CultureInfo.InvariantCulture)}";
            var source = new JsonObject { ["component"] = component };
            if (component == "kubelet")
            {
                source["host"] = NodeControllers.NodeName;
            }

            var body = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Event",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
                ["involvedObject"] = involved,
                ["reason"] = reason,
                ["message"] = message,
                ["source"] = source,
                ["firstTimestamp"] = stamp,
                ["lastTimestamp"] = stamp,
                ["count"] = 1,
                ["type"] = type,
                ["eventTime"] = null,
                ["reportingComponent"] = component,
                ["reportingInstance"] = component == "kubelet" ? NodeControllers.NodeName : "",
            };
            service.Create(events, ns, body, WriteOptions.Internal);
            seen[(uid, container, reason, message)] = name;
        }
        catch (ApiException)
        {
            // Events are best effort, as for the real recorder (e.g. the namespace is terminating: 403).
        }
    }

    /// <summary>Forgets the correlation entries of a removed pod.</summary>
    public void Forget(string uid)
    {
        foreach (var key in seen.Keys.Where(k => k.Uid == uid))
        {
            seen.TryRemove(key, out _);
        }
    }
}
