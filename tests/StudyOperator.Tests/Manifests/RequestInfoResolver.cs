namespace StudyOperator.Tests.Manifests;

/// <summary>
/// Turns an HTTP request into authorization attributes the way the Kubernetes apiserver does before it asks RBAC
/// (k8s.io/apiserver pkg/endpoints/request/requestinfo.go, RequestInfoFactory.NewRequestInfo, with the default
/// prefixes "api" and "apis" and "api" as the one group-less prefix). Kept to that algorithm step by step so that a
/// rule this says is needed is the rule a real cluster would check.
/// </summary>
internal static class RequestInfoResolver
{
    // Path words that are verbs rather than resources: /api/v1/watch/pods, /api/v1/proxy/nodes/n.
    private static readonly HashSet<string> SpecialVerbs = ["proxy", "watch"];

    // After the legacy /proxy/ verb the rest of the path is the proxied path, never a subresource.
    private static readonly HashSet<string> SpecialVerbsNoSubresources = ["proxy"];

    // Subresources of a namespace itself (/api/v1/namespaces/x/status), as opposed to resources inside it.
    private static readonly HashSet<string> NamespaceSubresources = ["status", "finalize"];

    public static RequestAttributes Resolve(string method, string path, string query)
    {
        var nonResource = new RequestAttributes(false, method.ToLowerInvariant(), "", "", "", "", "", path);
        var trimmed = path.Trim('/');
        var parts = trimmed.Length == 0 ? [] : trimmed.Split('/');
        if (parts.Length < 3 || parts[0] is not ("api" or "apis"))
        {
            return nonResource;
        }

        var prefix = parts[0];
        parts = parts[1..];
        var group = "";
        if (prefix != "api")
        {
            if (parts.Length < 3)
            {
                return nonResource; // /apis/{group}/{version}: discovery
            }

            group = parts[0];
            parts = parts[1..];
        }

        parts = parts[1..]; // the version
        string verb;
        if (SpecialVerbs.Contains(parts[0]))
        {
            if (parts.Length < 2)
            {
                throw new FormatException($"unable to determine kind and namespace from {path}");
            }

            verb = parts[0];
            parts = parts[1..];
        }
        else
        {
            verb = method.ToUpperInvariant() switch
            {
                "POST" => "create",
                "GET" or "HEAD" => "get",
                "PUT" => "update",
                "PATCH" => "patch",
                "DELETE" => "delete",
                _ => "",
            };
        }

        var ns = "";
        if (parts[0] == "namespaces" && parts.Length > 1)
        {
            ns = parts[1];
            if (parts.Length > 2 && !NamespaceSubresources.Contains(parts[2]))
            {
                parts = parts[2..];
            }
        }

        var resource = parts[0];
        var name = parts.Length >= 2 ? parts[1] : "";
        var subresource = parts.Length >= 3 && !SpecialVerbsNoSubresources.Contains(verb) ? parts[2] : "";

        if (name.Length == 0 && verb == "get")
        {
            // Any watch value but "false" or "0" asks for a watch (apimachinery's bool conversion).
            verb = QueryValue(query, "watch") is { } watch && !watch.Equals("false", StringComparison.OrdinalIgnoreCase) && watch != "0" ? "watch" : "list";
        }

        if (name.Length == 0 && verb == "delete")
        {
            verb = "deletecollection";
        }

        return new RequestAttributes(true, verb, group, resource, subresource, ns, name, path);
    }

    private static string? QueryValue(string query, string key) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(kv => Uri.UnescapeDataString(kv[0]) == key)
            .Select(kv => kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "")
            .FirstOrDefault();
}
