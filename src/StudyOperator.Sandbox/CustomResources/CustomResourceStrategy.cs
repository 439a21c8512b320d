using System.Globalization;
using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Storage;
using StudyOperator.Sandbox.Strategies;

namespace StudyOperator.Sandbox.CustomResources;

/// <summary>
/// One served CRD version (apiextensions-apiserver registry/customresource): generation on any change outside
/// metadata, PUT needs a resourceVersion, printer columns, selectable fields and the structural schema.
/// </summary>
internal sealed class CustomResourceStrategy(JsonObject version, ICustomResourceSchema? schema) : ResourceStrategy
{
    public override bool TracksGeneration => true;

    public override bool AllowUnconditionalUpdate => false;

    public ICustomResourceSchema? Schema => schema;

    public JsonObject? ScaleSubresource => version.At("subresources", "scale") as JsonObject;

    public IReadOnlyList<string> SelectableFields { get; } =
        (version["selectableFields"] as JsonArray ?? []).Select(f => f.At("jsonPath")?.GetValue<string>().TrimStart('.') ?? "").ToList();

    public override IReadOnlyList<TableColumn> Columns { get; } = BuildColumns(version);

    /// <summary>Any change outside metadata counts (status edits never reach here when /status is enabled).</summary>
    public override bool GenerationChanged(JsonObject updated, JsonObject old)
    {
        var a = updated.CloneObject();
        var b = old.CloneObject();
        foreach (var o in new[] { a, b })
        {
            o.Remove("metadata");
            o.Remove("kind");
            o.Remove("apiVersion");
        }

        return !JsonNode.DeepEquals(a, b);
    }

    public override void Default(JsonObject obj)
    {
        schema?.ApplyDefaults(obj);
    }

    public override List<FieldError> Validate(JsonObject obj, JsonObject? old)
    {
        var errors = base.Validate(obj, old);
        if (schema is not null)
        {
            errors.AddRange(schema.Validate(obj, old));
        }

        return errors;
    }

    public override List<FieldError> ValidateStatus(JsonObject obj, JsonObject old) =>
        schema is null ? [] : [.. schema.Validate(obj, old).Where(e => e.Field.StartsWith("status", StringComparison.Ordinal))];

    public override string? FieldValue(JsonObject obj, string field)
    {
        if (SelectableFields.Contains(field))
        {
            var found = JsonPathExpression.Evaluate(obj, "." + field);
            return found.Count > 0 && found[0] is JsonValue v ? v.ToString() : "";
        }

        return base.FieldValue(obj, field);
    }

    private static List<TableColumn> BuildColumns(JsonObject version)
    {
        var columns = new List<TableColumn> { TableColumn.NameColumn };
        if (version["additionalPrinterColumns"] is not JsonArray { Count: > 0 } printer)
        {
            columns.Add(new TableColumn("Age", "date", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0,
                (o, now) => Durations.Since(o.Str("metadata", "creationTimestamp"), now)));
            return columns;
        }

        foreach (var c in printer.OfType<JsonObject>())
        {
            var type = c.Str("type") ?? "string";
            var path = c.Str("jsonPath") ?? "";
            columns.Add(new TableColumn(c.Str("name") ?? "", type, c.Str("format") ?? "", c.Str("description") ?? "", (int)(c["priority"].Long() ?? 0),
                (o, now) => Cell(type, JsonPathExpression.Evaluate(o, path), now)));
        }

        return columns;
    }

    /// <summary>As tableconvertor.go's cellForJSONValue: typed cells, dates rendered like <c>5m</c>, missing values null.</summary>
    private static JsonNode? Cell(string type, List<JsonNode?> found, DateTimeOffset now)
    {
        if (found.Count == 0 || found[0] is null)
        {
            return null;
        }

        var value = found[0]!;
        switch (type)
        {
            case "integer":
                return value.Long() is { } l ? JsonValue.Create(l) : null;
            case "number":
                return value is JsonValue nv && nv.TryGetValue<double>(out var d) ? JsonValue.Create(d) : null;
            case "boolean":
                return value is JsonValue bv && bv.TryGetValue<bool>(out var b) ? JsonValue.Create(b) : null;
            case "date":
                return value is JsonValue dv && dv.TryGetValue<string>(out var s)
                    ? DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _) ? Durations.Since(s, now) : "<invalid>"
                    : null;
            default:
                return value is JsonValue sv && sv.TryGetValue<string>(out var str) ? str : value.ToJsonString();
        }
    }
}
