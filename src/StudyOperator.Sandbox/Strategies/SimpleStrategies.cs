using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Strategies;

/// <summary>Table columns of kinds that need no behaviour beyond the defaults.</summary>
internal static class SimpleStrategies
{
    public static ResourceStrategy ConfigMap { get; } = new ColumnsOnlyStrategy(
    [
        TableColumn.NameColumn,
        TableColumn.Integer("Data", o => (o["data"] as JsonObject)?.Count + (o["binaryData"] as JsonObject)?.Count ?? (o["data"] as JsonObject)?.Count ?? 0, description: "Number of data entries."),
        TableColumn.Age,
    ]);

    public static ResourceStrategy Secret { get; } = new ColumnsOnlyStrategy(
    [
        TableColumn.NameColumn,
        TableColumn.Text("Type", o => o.Str("type") ?? "Opaque", description: "The type of the secret"),
        TableColumn.Integer("Data", o => (o["data"] as JsonObject)?.Count ?? 0, description: "The number of entries in the secret."),
        TableColumn.Age,
    ], o =>
    {
        if (o["type"] is null)
        {
            o["type"] = "Opaque";
        }
    });

    public static ResourceStrategy ServiceAccount { get; } = new ColumnsOnlyStrategy(
    [
        TableColumn.NameColumn,
        TableColumn.Integer("Secrets", o => (o["secrets"] as JsonArray)?.Count ?? 0, description: "The number of secrets."),
        TableColumn.Age,
    ]);

    public static ResourceStrategy Endpoints { get; } = new ColumnsOnlyStrategy(
    [
        TableColumn.NameColumn,
        TableColumn.Text("Endpoints", o =>
        {
            var list = new List<string>();
            if (o["subsets"] is JsonArray subsets)
            {
                foreach (var s in subsets.OfType<JsonObject>())
                {
                    var ports = s["ports"] is JsonArray p ? p.Select(x => x.At("port")?.ToString()).ToList() : [];
                    foreach (var a in (s["addresses"] as JsonArray ?? []).OfType<JsonObject>())
                    {
                        list.AddRange(ports.Count == 0 ? [a.Str("ip") ?? ""] : ports.Select(port => $"{a.Str("ip")}:{port}"));
                    }
                }
            }

            return list.Count == 0 ? "<none>" : string.Join(",", list.Take(3)) + (list.Count > 3 ? $" + {list.Count - 3} more..." : "");
        }, description: "Endpoints of the service"),
        TableColumn.Age,
    ]);

    public static ResourceStrategy EndpointSlice { get; } = new ColumnsOnlyStrategy(
    [
        TableColumn.NameColumn,
        TableColumn.Text("AddressType", o => o.Str("addressType"), description: "The IP protocol for this slice"),
        TableColumn.Text("Ports", o => o["ports"] is JsonArray { Count: > 0 } p ? string.Join(",", p.Select(x => x.At("port")?.ToString())) : "<unset>", description: "The ports for this slice"),
        TableColumn.Text("Endpoints", o => o["endpoints"] is JsonArray { Count: > 0 } e ? string.Join(",", e.SelectMany(x => x.At("addresses") as JsonArray ?? []).Select(x => x?.ToString()).Take(3)) : "<unset>", description: "First 3 endpoint addresses"),
        TableColumn.Age,
    ]);

    public static ResourceStrategy Lease { get; } = new ColumnsOnlyStrategy(
    [
        TableColumn.NameColumn,
        TableColumn.Text("Holder", o => o.Str("spec", "holderIdentity") ?? "", description: "The holder of the lease"),
        TableColumn.Age,
    ]);

    public static ResourceStrategy RoleBinding { get; } = new ColumnsOnlyStrategy(
    [
        TableColumn.NameColumn,
        TableColumn.Text("Role", o => $"{o.Str("roleRef", "kind")}/{o.Str("roleRef", "name")}", description: "Role of the binding"),
        TableColumn.Age,
        TableColumn.Text("Users", o => Subjects(o, "User"), 1, "Users in the binding"),
        TableColumn.Text("Groups", o => Subjects(o, "Group"), 1, "Groups in the binding"),
        TableColumn.Text("ServiceAccounts", o => string.Join(", ", (o["subjects"] as JsonArray ?? []).OfType<JsonObject>().Where(x => x.Str("kind") == "ServiceAccount").Select(x => $"{x.Str("namespace")}/{x.Str("name")}")), 1, "ServiceAccounts in the binding"),
    ]);

    public static ResourceStrategy PodDisruptionBudget { get; } = new ColumnsOnlyStrategy(
    [
        TableColumn.NameColumn,
        TableColumn.Text("Min Available", o => o.At("spec", "minAvailable")?.ToString() ?? "N/A", description: "The minimum number of pods that must be available."),
        TableColumn.Text("Max Unavailable", o => o.At("spec", "maxUnavailable")?.ToString() ?? "N/A", description: "The maximum number of pods that may be unavailable."),
        TableColumn.Integer("Allowed Disruptions", o => o.At("status", "disruptionsAllowed").Long(), description: "Calculated number of pods that may be disrupted at this time."),
        TableColumn.Age,
    ]);

    public static ResourceStrategy NetworkPolicy { get; } = new ColumnsOnlyStrategy(
    [
        TableColumn.NameColumn,
        TableColumn.Text("Pod-Selector", o => DeploymentStrategy.SelectorText(o.At("spec", "podSelector") as JsonObject), description: "Pods selected by this policy."),
        TableColumn.Age,
    ]);

    private static string Subjects(JsonObject o, string kind) =>
        string.Join(", ", (o["subjects"] as JsonArray ?? []).OfType<JsonObject>().Where(x => x.Str("kind") == kind).Select(x => x.Str("name")));
}
