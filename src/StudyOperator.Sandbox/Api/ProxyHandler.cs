using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using StudyOperator.Sandbox.Registry;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Api;

/// <summary>
/// <c>pods/{[scheme:]name[:port]}/proxy/{path}</c> and <c>services/{[scheme:]name[:port]}/proxy/{path}</c>: forwards any verb
/// to the pod IP or a ready endpoint and passes the upstream answer through unwrapped. Loopback targets are allowed
/// (a deliberate difference: sandbox pods live on 127.x addresses).
/// </summary>
internal sealed class ProxyHandler(ResourceService service, HttpClient client)
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    public async Task<int> ForwardAsync(HttpContext context, ResourceType type, ResourceRequest request, CancellationToken cancellationToken)
    {
        var (scheme, name, port) = ParseTarget(request.Name);
        var ns = request.Namespace;
        var target = type.Kind == "Pod" ? PodTarget(type, ns, name, port) : ServiceTarget(type, ns, name, port);
        var rawPath = context.Request.Path.Value ?? "";
        var marker = rawPath.IndexOf("/proxy", StringComparison.Ordinal);
        var remainder = marker >= 0 ? rawPath[(marker + "/proxy".Length)..] : "";
        if (remainder.Length == 0)
        {
            remainder = "/";
        }

        var uri = new Uri($"{(scheme.Length > 0 ? scheme : "http")}://{target}{remainder}{context.Request.QueryString}");
        using var message = new HttpRequestMessage(new HttpMethod(context.Request.Method), uri);
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            message.Content = new StreamContent(context.Request.Body);
        }

        foreach (var (key, values) in context.Request.Headers)
        {
            if (HopByHop.Contains(key) || key.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(key, (IEnumerable<string?>)values))
            {
                message.Content?.Headers.TryAddWithoutValidation(key, (IEnumerable<string?>)values);
            }
        }

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new ApiException(503, "ServiceUnavailable", $"error trying to reach service: {e.Message}");
        }

        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (key, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!HopByHop.Contains(key))
                {
                    context.Response.Headers[key] = values.ToArray();
                }
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            await body.CopyToAsync(context.Response.Body, cancellationToken);
            return (int)response.StatusCode;
        }
    }

    internal static (string Scheme, string Name, string Port) ParseTarget(string spec)
    {
        var parts = spec.Split(':');
        return parts.Length switch
        {
            1 => ("", parts[0], ""),
            2 when parts[0] is "http" or "https" => (parts[0], parts[1], ""),
            2 => ("", parts[0], parts[1]),
            _ => (parts[0], parts[1], parts[2]),
        };
    }

    private string PodTarget(ResourceType type, string ns, string name, string port)
    {
        var pod = service.Get(type, ns, name);
        var ip = pod.Str("status", "podIP");
        if (string.IsNullOrEmpty(ip))
        {
            throw new ApiException(503, "ServiceUnavailable", $"pod \"{name}\" has no IP address");
        }

        if (port.Length == 0)
        {
            port = (pod.At("spec", "containers") as JsonArray ?? [])
                .SelectMany(c => c.At("ports") as JsonArray ?? [])
                .Select(p => p.At("containerPort").Long())
                .FirstOrDefault(p => p is not null)?.ToString(CultureInfo.InvariantCulture) ?? "80";
        }
        else if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            port = (pod.At("spec", "containers") as JsonArray ?? [])
                .SelectMany(c => c.At("ports") as JsonArray ?? [])
                .FirstOrDefault(p => p.At("name")?.GetValue<string>() == port)?.At("containerPort")?.ToString()
                ?? throw StatusBodies.BadRequest($"port \"{port}\" not found in pod \"{name}\"");
        }

        return $"{ip}:{port}";
    }

    private string ServiceTarget(ResourceType type, string ns, string name, string port)
    {
        var svc = service.Get(type, ns, name);
        var ports = svc.At("spec", "ports") as JsonArray ?? [];
        var svcPort = port.Length == 0
            ? ports.OfType<JsonObject>().FirstOrDefault()
            : ports.OfType<JsonObject>().FirstOrDefault(p => p.Str("name") == port || p["port"]?.ToString() == port);
        if (port.Length > 0 && svcPort is null)
        {
            throw new ApiException(503, "ServiceUnavailable", $"no service port \"{port}\" found for service \"{name}\"");
        }

        var portName = svcPort?.Str("name") ?? "";
        var sliceType = service.Registry.Get("discovery.k8s.io", "v1", "endpointslices");
        foreach (var slice in service.Store.List(sliceType.EffectiveStorageKey, ns).Items)
        {
            if (slice.Str("metadata", "labels", "kubernetes.io/service-name") != name)
            {
                continue;
            }

            var endpointPort = (slice["ports"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(p => (p.Str("name") ?? "") == portName)?["port"].Long();
            if (endpointPort is null)
            {
                continue;
            }

            foreach (var endpoint in (slice["endpoints"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var ready = endpoint.At("conditions", "ready") is not JsonValue r || !r.TryGetValue<bool>(out var rb) || rb;
                if (ready && endpoint["addresses"] is JsonArray { Count: > 0 } addresses)
                {
                    return $"{addresses[0]}:{endpointPort}";
                }
            }
        }

        var endpointsType = service.Registry.Get("", "v1", "endpoints");
        if (service.Store.Get(endpointsType.EffectiveStorageKey, ns, name) is { } endpoints)
        {
            foreach (var subset in (endpoints["subsets"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var endpointPort = (subset["ports"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(p => (p.Str("name") ?? "") == portName)?["port"].Long();
                if (endpointPort is not null && subset["addresses"] is JsonArray { Count: > 0 } addresses)
                {
                    return $"{addresses[0].At("ip")}:{endpointPort}";
                }
            }
        }

        throw new ApiException(503, "ServiceUnavailable", $"no endpoints available for service \"{name}\"");
    }
}
