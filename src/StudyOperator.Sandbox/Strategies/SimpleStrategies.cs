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
}
