namespace StudyOperator.Tests.Manifests;

/// <summary>
/// One PolicyRule of a Role or ClusterRole as it applies to the operator's ServiceAccount: cluster-wide when bound by a
/// ClusterRoleBinding (<see cref="Namespace"/> null), else only in the RoleBinding's namespace.
/// </summary>
internal sealed record RbacRule(
    string Role,
    string? Namespace,
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> ResourceNames,
    IReadOnlyList<string> NonResourceUrls)
{
    private const string All = "*";

    /// <summary>RBAC's RuleAllows (plugin/pkg/auth/authorizer/rbac), restricted to this rule's binding scope.</summary>
    public bool Allows(RequestAttributes request)
    {
        if (!Verbs.Any(v => v == All || v == request.Verb))
        {
            return false;
        }

        if (!request.IsResourceRequest)
        {
            // A RoleBinding never grants non-resource URLs; only cluster-wide bindings do.
            return Namespace is null && NonResourceUrls.Any(u => u == All || u == request.Path || (u.EndsWith('*') && request.Path.StartsWith(u[..^1], StringComparison.Ordinal)));
        }

        return (Namespace is null || Namespace == request.Namespace)
            && ApiGroups.Any(g => g == All || g == request.ApiGroup)
            && Resources.Any(r => r == All || r == request.RbacResource || (request.Subresource.Length > 0 && r == $"*/{request.Subresource}"))
            && (ResourceNames.Count == 0 || ResourceNames.Contains(request.Name));
    }

    /// <summary>The rule cut into single grants (one group, one resource, one verb), so each can be checked for use.</summary>
    public IEnumerable<RbacRule> Grants() =>
        NonResourceUrls.Count > 0
            ? from url in NonResourceUrls from verb in Verbs select this with { ApiGroups = [], Resources = [], Verbs = [verb], NonResourceUrls = [url] }
            : from g in ApiGroups from r in Resources from verb in Verbs select this with { ApiGroups = [g], Resources = [r], Verbs = [verb], NonResourceUrls = [] };

    /// <summary>Every wildcard in the rule, named by field.</summary>
    public IEnumerable<string> Wildcards() =>
        new[] { ("apiGroups", ApiGroups), ("resources", Resources), ("verbs", Verbs), ("nonResourceURLs", NonResourceUrls) }
            .SelectMany(f => f.Item2.Where(v => v.Contains('*', StringComparison.Ordinal)).Select(v => $"{Role}: {f.Item1} contains \"{v}\""));

    public string Describe()
    {
        var scope = Namespace is null ? "cluster-wide" : $"in namespace {Namespace}";
        var names = ResourceNames.Count > 0 ? $" names [{string.Join(", ", ResourceNames)}]" : "";
        return NonResourceUrls.Count > 0
            ? $"{Role}: verbs [{string.Join(", ", Verbs)}] on nonResourceURLs [{string.Join(", ", NonResourceUrls)}]"
            : $"{Role} ({scope}): verbs [{string.Join(", ", Verbs)}] on apiGroups [{string.Join(", ", ApiGroups.Select(g => g.Length == 0 ? "\"\"" : g))}] resources [{string.Join(", ", Resources)}]{names}";
    }
}
