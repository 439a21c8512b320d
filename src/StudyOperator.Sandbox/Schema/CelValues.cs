using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Schema.Cel;

namespace StudyOperator.Sandbox.Schema;

/// <summary>Converts JSON into CEL values, typed by the schema (a "number" field is a double even when integral).</summary>
internal static class CelValues
{
    public static object From(JsonNode? node, SchemaNode? schema) => node switch
    {
        null => CelNull.Instance,
        JsonObject obj => obj.ToDictionary(
            kv => (object)kv.Key,
            kv => From(kv.Value, schema?.Properties is not null && schema.Properties.TryGetValue(kv.Key, out var p) ? p : schema?.AdditionalProperties)),
        JsonArray array => array.Select(x => From(x, schema?.Items)).ToList(),
        JsonValue v => JsonKinds.Of(v) switch
        {
            JsonKinds.String => v.GetValue<string>(),
            JsonKinds.Boolean => v.GetValue<bool>(),
            JsonKinds.Integer when schema?.Type != "number" && JsonKinds.TryGetInt64(v, out var l) => l,
            JsonKinds.Number when schema?.Type == "integer" || schema?.IntOrString == true => (long)JsonKinds.GetDouble(v),
            JsonKinds.Integer or JsonKinds.Number => JsonKinds.GetDouble(v),
            _ => CelNull.Instance,
        },
        _ => CelNull.Instance,
    };
}
