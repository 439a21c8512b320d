using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Kubelet;

/// <summary>
/// The environment the kubelet gives a container (kubelet_pods.go makeEnvironmentVariables): the Service link
/// variables of the namespace's Services first, then the container's <c>envFrom</c> and <c>env</c> (later wins),
/// with downward-API <c>fieldRef</c>, ConfigMap and Secret values resolved and <c>$(VAR)</c> references expanded.
/// </summary>
internal static class ContainerEnvironment
{
    /// <summary>Variables with values from ConfigMaps or Secrets: a missing object or key that is not optional is skipped.</summary>
    public static Dictionary<string, string> Build(JsonObject pod, JsonObject container, string podIp, string hostIp, IEnumerable<JsonObject> services, Func<string, string, JsonObject?> configMap, Func<string, string, JsonObject?> secret)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (pod.At("spec", "enableServiceLinks") is not JsonValue links || !links.TryGetValue<bool>(out var enabled) || enabled)
        {
            foreach (var service in services.OrderBy(s => s.Str("metadata", "creationTimestamp"), StringComparer.Ordinal))
            {
                AddServiceLinks(env, service);
            }
        }

        foreach (var source in container["envFrom"] as JsonArray ?? [])
        {
            var prefix = source.At("prefix")?.GetValue<string>() ?? "";
            var data = source.At("configMapRef", "name") is JsonValue cm
                ? configMap(pod.Ns(), cm.GetValue<string>())?["data"] as JsonObject
                : source.At("secretRef", "name") is JsonValue s ? Decoded(secret(pod.Ns(), s.GetValue<string>())) : null;
            foreach (var (key, value) in data ?? [])
            {
                env[prefix + key] = value?.GetValue<string>() ?? "";
            }
        }

        foreach (var item in (container["env"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = item.Str("name");
            if (name is null)
            {
                continue;
            }

            string? value;
            if (item["value"] is JsonValue v)
            {
                value = Expand(v.GetValue<string>(), env);
            }
            else if (item.At("valueFrom", "fieldRef", "fieldPath") is JsonValue field)
            {
                value = FieldValue(pod, field.GetValue<string>(), podIp, hostIp);
            }
            else if (item.At("valueFrom", "configMapKeyRef") is JsonObject cmRef)
            {
                value = configMap(pod.Ns(), cmRef.Str("name") ?? "")?.Str("data", cmRef.Str("key") ?? "");
            }
            else if (item.At("valueFrom", "secretKeyRef") is JsonObject secretRef)
            {
                value = Decoded(secret(pod.Ns(), secretRef.Str("name") ?? ""))?.Str(secretRef.Str("key") ?? "");
            }
            else if (item.At("valueFrom", "resourceFieldRef", "resource") is JsonValue resource)
            {
                value = ResourceValue(container, resource.GetValue<string>());
            }
            else
            {
                value = "";
            }

            if (value is not null)
            {
                env[name] = value;
            }
        }

        return env;
    }

    /// <summary>Expands <c>$(VAR)</c> from <paramref name="env"/>; <c>$$</c> is a literal <c>$</c>; unknown references stay as written.</summary>
    public static string Expand(string input, IReadOnlyDictionary<string, string> env)
    {
        if (!input.Contains('$', StringComparison.Ordinal))
        {
            return input;
        }

        var sb = new StringBuilder(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] != '$' || i + 1 >= input.Length)
            {
                sb.Append(input[i]);
                continue;
            }

            if (input[i + 1] == '$')
            {
                sb.Append('$');
                i++;
                continue;
            }

            var close = input[i + 1] == '(' ? input.IndexOf(')', i + 2) : -1;
            if (close < 0)
            {
                sb.Append(input[i]);
                continue;
            }

            var name = input[(i + 2)..close];
            sb.Append(env.TryGetValue(name, out var value) ? value : input[i..(close + 1)]);
            i = close;
        }

        return sb.ToString();
    }

    /// <summary>The docker-links style variables of one Service (envvars.go FromServices).</summary>
    public static void AddServiceLinks(Dictionary<string, string> env, JsonObject service)
    {
        var ip = service.Str("spec", "clusterIP");
        if (string.IsNullOrEmpty(ip) || ip == "None" || service.At("spec", "ports") is not JsonArray { Count: > 0 } ports)
        {
            return;
        }

        var name = service.Name().ToUpperInvariant().Replace('-', '_');
        var first = ports[0]!;
        env[name + "_SERVICE_HOST"] = ip;
        env[name + "_SERVICE_PORT"] = Port(first);
        foreach (var port in ports.OfType<JsonObject>())
        {
            if (port.Str("name") is { Length: > 0 } portName)
            {
                env[$"{name}_SERVICE_PORT_{portName.ToUpperInvariant().Replace('-', '_')}"] = Port(port);
            }
        }

        var firstProtocol = (first.At("protocol")?.GetValue<string>() ?? "TCP").ToLowerInvariant();
        env[name + "_PORT"] = $"{firstProtocol}://{ip}:{Port(first)}";
        foreach (var port in ports.OfType<JsonObject>())
        {
            var protocol = port.Str("protocol") ?? "TCP";
            var prefix = $"{name}_PORT_{Port(port)}_{protocol.ToUpperInvariant()}";
            env[prefix] = $"{protocol.ToLowerInvariant()}://{ip}:{Port(port)}";
            env[prefix + "_PROTO"] = protocol.ToLowerInvariant();
            env[prefix + "_PORT"] = Port(port);
            env[prefix + "_ADDR"] = ip;
        }
    }

    /// <summary>
    /// A container's own request or limit as written; without a limit the kubelet reports the node's allocatable
    /// (here the host's CPUs and memory), without a request 0.
    /// </summary>
    private static string ResourceValue(JsonObject container, string resource)
    {
        var parts = resource.Split('.', 2);
        if (parts.Length == 2 && container.At("resources", parts[0], parts[1]) is JsonValue set)
        {
            return set.ToString();
        }

        return resource switch
        {
            "limits.cpu" => Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
            "limits.memory" => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes.ToString(CultureInfo.InvariantCulture),
            _ => "0",
        };
    }

    private static string Port(JsonNode port) => (port.At("port").Long() ?? 0).ToString(CultureInfo.InvariantCulture);

    /// <summary>Downward API field paths a container may reference (pod/util.go ConvertDownwardAPIFieldLabel).</summary>
    public static string? FieldValue(JsonObject pod, string path, string podIp, string hostIp)
    {
        if (TrySubscript(path, "metadata.labels", out var label))
        {
            return pod.At("metadata", "labels", label)?.GetValue<string>() ?? "";
        }

        if (TrySubscript(path, "metadata.annotations", out var annotation))
        {
            return pod.At("metadata", "annotations", annotation)?.GetValue<string>() ?? "";
        }

        return path switch
        {
            "metadata.name" => pod.Name(),
            "metadata.namespace" => pod.Ns(),
            "metadata.uid" => pod.Uid() ?? "",
            "metadata.labels" => Pairs(pod.At("metadata", "labels")),
            "metadata.annotations" => Pairs(pod.At("metadata", "annotations")),
            "spec.nodeName" => pod.Str("spec", "nodeName") ?? NodeControllers.NodeName,
            "spec.serviceAccountName" => pod.Str("spec", "serviceAccountName") ?? "",
            "status.hostIP" or "status.hostIPs" => hostIp,
            "status.podIP" or "status.podIPs" => podIp,
            _ => null,
        };
    }

    private static bool TrySubscript(string path, string prefix, out string key)
    {
        key = "";
        if (!path.StartsWith(prefix + "['", StringComparison.Ordinal) || !path.EndsWith("']", StringComparison.Ordinal))
        {
            return false;
        }

        key = path[(prefix.Length + 2)..^2];
        return true;
    }

    private static string Pairs(JsonNode? map) =>
        map is JsonObject o ? string.Join('\n', o.Select(kv => $"{kv.Key}=\"{kv.Value?.GetValue<string>()}\"")) : "";

    private static JsonObject? Decoded(JsonObject? secret)
    {
        if (secret is null)
        {
            return null;
        }

        var result = new JsonObject();
        foreach (var (key, value) in secret["data"] as JsonObject ?? [])
        {
            var encoded = value?.GetValue<string>() ?? "";
            var bytes = new byte[encoded.Length];
            if (Convert.TryFromBase64String(encoded, bytes, out var length))
            {
                result[key] = Encoding.UTF8.GetString(bytes, 0, length);
            }
        }

        foreach (var (key, value) in secret["stringData"] as JsonObject ?? [])
        {
            result[key] = value?.GetValue<string>();
        }

        return result;
    }
}
