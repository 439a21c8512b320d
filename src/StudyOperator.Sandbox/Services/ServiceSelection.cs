using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Services;

/// <summary>Which pods back a Service and on which port: selector matching and targetPort resolution.</summary>
internal static class ServiceSelection
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";
    public const string ControllerName = "endpointslice-controller.k8s.io";

    /// <summary>The Service's selector; null when it has none (its endpoints are managed by someone else).</summary>
    public static JsonObject? Selector(JsonObject service) =>
        service.At("spec", "selector") is JsonObject { Count: > 0 } selector ? selector : null;

    public static bool Matches(JsonObject selector, JsonObject? labels) =>
        selector.All(kv => labels?[kv.Key] is JsonValue v && v.GetValue<string>() == kv.Value?.GetValue<string>());

    /// <summary>The pod port a Service port targets: a number as is, a name looked up in the pod's container ports (null when absent).</summary>
    public static int? TargetPort(JsonObject servicePort, JsonObject pod)
    {
        var target = servicePort["targetPort"];
        if (target is JsonValue v && v.Long() is { } number)
        {
            return (int)number;
        }

        if (target is JsonValue s && s.TryGetValue<string>(out var name) && name.Length > 0)
        {
            if (int.TryParse(name, out var parsed))
            {
                return parsed;
            }

            foreach (var container in (pod.At("spec", "containers") as JsonArray ?? []).OfType<JsonObject>())
            {
                foreach (var port in (container["ports"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    if (port.Str("name") == name && (port.Str("protocol") ?? "TCP") == (servicePort.Str("protocol") ?? "TCP"))
                    {
                        return (int?)port["containerPort"].Long();
                    }
                }
            }

            return null;
        }

        return (int?)servicePort["port"].Long();
    }

    public static bool IsPodReady(JsonObject pod) =>
        pod.At("status", "conditions") is JsonArray conditions
        && conditions.OfType<JsonObject>().Any(c => c.Str("type") == "Ready" && c.Str("status") == "True");

    public static bool PublishNotReady(JsonObject service) =>
        service.At("spec", "publishNotReadyAddresses") is JsonValue v && v.TryGetValue<bool>(out var b) && b;
}
