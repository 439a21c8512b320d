namespace StudyOperator.Sandbox.Api;

/// <summary>A request path in the Kubernetes URL grammar: <c>/api/v1</c> or <c>/apis/{g}/{v}</c>, optional namespace, resource, name, subresource.</summary>
internal sealed record ResourceRequest(string Group, string Version, string Namespace, string Resource, string Name, string Subresource, string Remainder)
{
    /// <summary>Parses a resource path; null for discovery roots (<c>/api</c>, <c>/apis/{g}</c>, <c>/apis/{g}/{v}</c>) and other paths.</summary>
    public static ResourceRequest? Parse(string path)
    {
        var segments = path.Trim('/').Split('/');
        int start;
        string group;
        if (segments.Length >= 3 && segments[0] == "api")
        {
            group = "";
            start = 2;
        }
        else if (segments.Length >= 4 && segments[0] == "apis")
        {
            group = segments[1];
            start = 3;
        }
        else
        {
            return null;
        }

        var version = segments[start - 1];
        var r = segments[start..];
        var ns = "";
        if (r.Length >= 3 && r[0] == "namespaces" && !(r.Length == 3 && r[2] is "status" or "finalize"))
        {
            ns = r[1];
            r = r[2..];
        }

        var rest = r.Length > 3 ? string.Join('/', r[3..]) : "";
        if (r.Length > 3 && r[2] != "proxy")
        {
            return null;
        }

        return new ResourceRequest(group, version, ns, r[0], r.Length > 1 ? r[1] : "", r.Length > 2 ? r[2] : "", rest);
    }
}
