using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Strategies;

internal sealed class NamespaceStrategy : ResourceStrategy
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        TableColumn.Text("Status", o => o.Str("status", "phase"), description: "The status of the namespace"),
        TableColumn.Age,
    ];

    public override void PrepareForCreate(JsonObject obj, bool hasStatus)
    {
        obj["status"] = new JsonObject { ["phase"] = "Active" };
        var spec = Obj(obj, "spec");
        spec["finalizers"] = new JsonArray("kubernetes");
    }

    public override void Default(JsonObject obj)
    {
        var labels = Obj(obj.Meta(), "labels");
        labels["kubernetes.io/metadata.name"] = obj.Name();
    }

    public override void PrepareForUpdate(JsonObject updated, JsonObject old, bool hasStatus)
    {
        // spec.finalizers change only through /finalize, status only through /status.
        updated["spec"] = old["spec"]?.DeepClone();
        base.PrepareForUpdate(updated, old, hasStatus);
    }

    public override string? FieldValue(JsonObject obj, string field) => field switch
    {
        "status.phase" => obj.Str("status", "phase") ?? "",
        _ => base.FieldValue(obj, field),
    };
}
