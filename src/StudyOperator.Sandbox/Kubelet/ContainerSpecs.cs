using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Node;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Kubelet;

/// <summary>Reads the parts of a core/v1 Container the node building blocks take: probes, named ports, restart policy.</summary>
internal static class ContainerSpecs
{
    public static RestartPolicy RestartPolicyOf(JsonObject pod) => pod.Str("spec", "restartPolicy") switch
    {
        "Never" => RestartPolicy.Never,
        "OnFailure" => RestartPolicy.OnFailure,
        _ => RestartPolicy.Always,
    };

    public static TerminationMessagePolicy MessagePolicyOf(JsonObject container) =>
        container.Str("terminationMessagePolicy") == "FallbackToLogsOnError" ? TerminationMessagePolicy.FallbackToLogsOnError : TerminationMessagePolicy.File;

    /// <summary>
    /// The process to start for a local image: without <c>command</c> the image's entrypoint with <c>args</c>; a
    /// <c>command</c> whose first element names the image's own entrypoint (<c>kubectl create deployment … --
    /// study-operator app</c> writes <c>command: [study-operator, app]</c>) runs the local build of it; any other
    /// <c>command</c> runs as given. <c>$(VAR)</c> references are expanded from the container's environment.
    /// </summary>
    public static string[] CommandLine(string image, JsonObject container, IReadOnlyList<string> entrypoint, IReadOnlyDictionary<string, string> env)
    {
        var command = (container["command"] as JsonArray ?? []).Select(n => ContainerEnvironment.Expand(n?.GetValue<string>() ?? "", env)).ToList();
        var args = (container["args"] as JsonArray ?? []).Select(n => ContainerEnvironment.Expand(n?.GetValue<string>() ?? "", env)).ToList();
        if (command.Count == 0)
        {
            return [.. entrypoint, .. args];
        }

        return LocalImages.IsEntrypointName(image, command[0]) ? [.. entrypoint, .. command[1..], .. args] : [.. command, .. args];
    }

    public static Dictionary<string, int> NamedPorts(JsonObject container)
    {
        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var port in (container["ports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (port.Str("name") is { Length: > 0 } name && port["containerPort"].Long() is { } number)
            {
                ports[name] = (int)number;
            }
        }

        return ports;
    }

    public static ContainerProbes Probes(JsonObject container) =>
        new(Probe(container["startupProbe"]), Probe(container["readinessProbe"]), Probe(container["livenessProbe"]));

    /// <summary>An HTTP or TCP probe with its timing fields; exec and gRPC probes are not simulated (null: no probe).</summary>
    public static ProbeSpec? Probe(JsonNode? probe)
    {
        if (probe is not JsonObject p)
        {
            return null;
        }

        ProbeAction? action = null;
        if (p["httpGet"] is JsonObject http && PortOf(http["port"]) is { } httpPort)
        {
            var headers = (http["httpHeaders"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(h => new KeyValuePair<string, string>(h.Str("name") ?? "", h.Str("value") ?? ""))
                .ToList();
            action = new HttpGetAction(http.Str("path") ?? "/", httpPort, http.Str("scheme") ?? "HTTP", NonEmpty(http.Str("host")), headers);
        }
        else if (p["tcpSocket"] is JsonObject tcp && PortOf(tcp["port"]) is { } tcpPort)
        {
            action = new TcpSocketAction(tcpPort, NonEmpty(tcp.Str("host")));
        }

        if (action is null)
        {
            return null;
        }

        return new ProbeSpec(
            action,
            (int)(p["initialDelaySeconds"].Long() ?? 0),
            (int)(p["periodSeconds"].Long() ?? 10),
            (int)(p["timeoutSeconds"].Long() ?? 1),
            (int)(p["successThreshold"].Long() ?? 1),
            (int)(p["failureThreshold"].Long() ?? 3),
            p["terminationGracePeriodSeconds"].Long());
    }

    private static PortReference? PortOf(JsonNode? port) => port switch
    {
        JsonValue v when v.Long() is { } n and > 0 and <= 65535 => PortReference.FromNumber((int)n),
        JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, out var n) && n is > 0 and <= 65535 => PortReference.FromNumber(n),
        JsonValue v when v.TryGetValue<string>(out var s) && s.Length > 0 => PortReference.FromName(s),
        _ => null,
    };

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
