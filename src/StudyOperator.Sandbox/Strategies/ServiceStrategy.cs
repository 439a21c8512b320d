using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Strategies;

internal sealed class ServiceStrategy : ResourceStrategy
{
    protected override bool NamesAreDns1035Labels => true;

    /// <summary>As the service registry (storage.go NewREST, <c>ReturnDeletedObject: true</c>): typed clients decode a Service.</summary>
    public override bool ReturnDeletedObject => true;

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        TableColumn.Text("Type", o => o.Str("spec", "type"), description: "The type of service."),
        TableColumn.Text("Cluster-IP", o => o.Str("spec", "clusterIP") ?? "<none>", description: "The IP address of the service."),
        TableColumn.Text("External-IP", o => o.At("spec", "externalIPs") is JsonArray { Count: > 0 } ips ? string.Join(",", ips) : "<none>", description: "The external IPs of the service."),
        TableColumn.Text("Port(s)", Ports, description: "The ports of the service."),
        TableColumn.Age,
        TableColumn.Text("Selector", o => o.At("spec", "selector") is JsonObject s ? string.Join(",", s.Select(kv => $"{kv.Key}={kv.Value}")) : "<none>", 1, "The selector of the service."),
    ];

    public override void Default(JsonObject obj)
    {
        var spec = Obj(obj, "spec");
        SetDefault(spec, "type", "ClusterIP");
        SetDefault(spec, "sessionAffinity", "None");
        SetDefault(spec, "internalTrafficPolicy", "Cluster");
        SetDefault(spec, "ipFamilies", new JsonArray("IPv4"));
        SetDefault(spec, "ipFamilyPolicy", "SingleStack");
        if (spec["ports"] is JsonArray ports)
        {
            foreach (var p in ports.OfType<JsonObject>())
            {
                SetDefault(p, "protocol", "TCP");
                if (p["targetPort"] is null && p["port"] is { } port)
                {
                    p["targetPort"] = port.DeepClone();
                }
            }
        }
    }

    public override void PrepareForCreate(JsonObject obj, bool hasStatus)
    {
        obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
    }

    public override void PrepareForUpdate(JsonObject updated, JsonObject old, bool hasStatus)
    {
        base.PrepareForUpdate(updated, old, hasStatus);

        // A PUT with an empty clusterIP keeps the allocated one (patchAllocatedValues).
        if (updated["spec"] is JsonObject spec && old["spec"] is JsonObject oldSpec && string.IsNullOrEmpty(spec.Str("clusterIP")) && oldSpec["clusterIP"] is { } ip)
        {
            spec["clusterIP"] = ip.DeepClone();
            spec["clusterIPs"] = oldSpec["clusterIPs"]?.DeepClone();
        }
    }

    public override List<FieldError> Validate(JsonObject obj, JsonObject? old)
    {
        var errors = base.Validate(obj, old);
        var ip = obj.Str("spec", "clusterIP");
        var oldIp = old?.Str("spec", "clusterIP");
        if (!string.IsNullOrEmpty(oldIp) && ip != oldIp && old?.Str("spec", "type") != "ExternalName" && obj.Str("spec", "type") != "ExternalName")
        {
            errors.Add(FieldError.Invalid("spec.clusterIPs[0]", $"[]string{{\"{ip}\"}}", "may not change once set"));
        }

        return errors;
    }

    private static string Ports(JsonObject o) =>
        o.At("spec", "ports") is JsonArray { Count: > 0 } ports
            ? string.Join(",", ports.OfType<JsonObject>().Select(p => $"{p["port"]}{(p["nodePort"] is { } np ? ":" + np : "")}/{p.Str("protocol") ?? "TCP"}"))
            : "<none>";
}
