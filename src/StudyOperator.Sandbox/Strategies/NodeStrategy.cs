using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Strategies;

/// <summary>Nodes: registered by the kubelet simulation; <c>kubectl get nodes</c> columns.</summary>
internal sealed class NodeStrategy : ResourceStrategy
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        TableColumn.Text("Status", o =>
        {
            var ready = (o.At("status", "conditions") as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c.Str("type") == "Ready");
            var text = ready?.Str("status") == "True" ? "Ready" : ready is null ? "Unknown" : "NotReady";
            return o.At("spec", "unschedulable") is JsonValue u && u.TryGetValue<bool>(out var ub) && ub ? text + ",SchedulingDisabled" : text;
        }, description: "The status of the node"),
        TableColumn.Text("Roles", o =>
        {
            var roles = (o.Labels() ?? []).Select(kv => kv.Key).Where(k => k.StartsWith("node-role.kubernetes.io/", StringComparison.Ordinal)).Select(k => k["node-role.kubernetes.io/".Length..]).ToList();
            return roles.Count == 0 ? "<none>" : string.Join(",", roles);
        }, description: "The roles of the node"),
        TableColumn.Age,
        TableColumn.Text("Version", o => o.Str("status", "nodeInfo", "kubeletVersion") ?? "", description: "Kubelet Version reported by the node."),
        TableColumn.Text("Internal-IP", o => (o.At("status", "addresses") as JsonArray)?.OfType<JsonObject>().FirstOrDefault(a => a.Str("type") == "InternalIP")?.Str("address") ?? "<none>", 1, "List of internal IPs for the node."),
    ];

    /// <summary>Unlike most kinds, a node keeps the status it is registered with (node/strategy.go).</summary>
    public override void PrepareForCreate(JsonObject obj, bool hasStatus)
    {
    }

    public override string? FieldValue(JsonObject obj, string field) => field switch
    {
        "spec.unschedulable" => obj.At("spec", "unschedulable")?.ToJsonString() ?? "false",
        _ => base.FieldValue(obj, field),
    };
}
