using System.Text.Json.Nodes;

namespace StudyOperator.Tests.Manifests;

/// <summary>
/// The RBAC rules that apply to the operator: the ServiceAccount its Deployment runs as, and every Role and
/// ClusterRole bound to that account among the given manifests.
/// </summary>
internal sealed class RbacPolicy
{
    /// <summary>
    /// What Kubernetes' default roles system:discovery and system:public-info-viewer give every authenticated identity
    /// (bootstrap policy), so a client may read these without a grant of its own.
    /// </summary>
    public static readonly RbacRule DefaultDiscovery = new(
        "system:discovery (default)", null, [], [], ["get"], [],
        ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"]);

    private RbacPolicy(string serviceAccount, IReadOnlyList<RbacRule> rules)
    {
        ServiceAccount = serviceAccount;
        Rules = rules;
    }

    /// <summary>namespace/name of the operator's ServiceAccount.</summary>
    public string ServiceAccount { get; }

    /// <summary>The rules bound to the operator's ServiceAccount (not the default discovery rule).</summary>
    public IReadOnlyList<RbacRule> Rules { get; }

    public static RbacPolicy ForOperator(IReadOnlyList<JsonNode> manifests)
    {
        var deployment = manifests.Single(d => (string?)d["kind"] == "Deployment");
        var saNamespace = (string)deployment["metadata"]!["namespace"]!;
        var saName = (string?)deployment["spec"]!["template"]!["spec"]!["serviceAccountName"] ?? "default";
        var rules = new List<RbacRule>();
        foreach (var binding in manifests.Where(d => (string?)d["kind"] is "RoleBinding" or "ClusterRoleBinding"))
        {
            var bindsOperator = binding["subjects"]?.AsArray().Any(s => (string?)s!["kind"] == "ServiceAccount" && (string?)s["name"] == saName && (string?)s["namespace"] == saNamespace) == true;
            if (!bindsOperator)
            {
                continue;
            }

            var scope = (string?)binding["kind"] == "RoleBinding" ? (string)binding["metadata"]!["namespace"]! : null;
            var roleKind = (string)binding["roleRef"]!["kind"]!;
            var roleName = (string)binding["roleRef"]!["name"]!;
            var role = manifests.SingleOrDefault(d => (string?)d["kind"] == roleKind && (string?)d["metadata"]!["name"] == roleName
                && (roleKind == "ClusterRole" || (string?)d["metadata"]!["namespace"] == scope))
                ?? throw new InvalidOperationException($"{binding["kind"]} {binding["metadata"]!["name"]} refers to {roleKind} {roleName}, which the manifests do not define.");
            var label = roleKind == "ClusterRole" ? $"ClusterRole {roleName}" : $"Role {scope}/{roleName}";
            rules.AddRange(role["rules"]!.AsArray().Select(r => new RbacRule(
                label, scope, Strings(r!["apiGroups"]), Strings(r["resources"]), Strings(r["verbs"]), Strings(r["resourceNames"]), Strings(r["nonResourceURLs"]))));
        }

        return new RbacPolicy($"{saNamespace}/{saName}", rules);
    }

    /// <summary>The bound rule or default discovery rule that allows the request, if any.</summary>
    public RbacRule? Allowing(RequestAttributes request) =>
        Rules.FirstOrDefault(r => r.Allows(request)) ?? (DefaultDiscovery.Allows(request) ? DefaultDiscovery : null);

    private static string[] Strings(JsonNode? node) => node?.AsArray().Select(v => (string?)v ?? "").ToArray() ?? [];
}
