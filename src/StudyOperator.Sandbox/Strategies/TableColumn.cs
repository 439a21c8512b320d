using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Strategies;

/// <summary>A server-side Table column (meta.k8s.io/v1 TableColumnDefinition) and how to compute its cell.</summary>
internal sealed record TableColumn(string Name, string Type, string Format, string Description, int Priority, Func<JsonObject, DateTimeOffset, JsonNode?> Cell)
{
    public static TableColumn NameColumn { get; } = new(
        "Name", "string", "name", "Name must be unique within a namespace.", 0, (o, _) => o.At("metadata", "name")?.DeepClone());

    public static TableColumn Age { get; } = new(
        "Age", "string", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0,
        (o, now) => Durations.Since(o.Str("metadata", "creationTimestamp"), now));

    /// <summary>The default table convertor's second column (kinds without their own printer).</summary>
    public static TableColumn CreatedAt { get; } = new(
        "Created At", "date", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0,
        (o, _) => o.At("metadata", "creationTimestamp")?.DeepClone());

    public static TableColumn Text(string name, Func<JsonObject, string?> cell, int priority = 0, string description = "") =>
        new(name, "string", "", description, priority, (o, _) => cell(o));

    public static TableColumn Integer(string name, Func<JsonObject, long?> cell, int priority = 0, string description = "") =>
        new(name, "integer", "", description, priority, (o, _) => cell(o) ?? 0);
}
