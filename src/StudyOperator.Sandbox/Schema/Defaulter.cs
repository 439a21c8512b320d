using System.Text.Json.Nodes;

namespace StudyOperator.Sandbox.Schema;

/// <summary>
/// Structural defaulting (apiextensions schema/defaulting): a property's default is set when the property is
/// absent, or null while not nullable; also for null array items and map values. Then non-nullable nulls that
/// have no default are dropped (PruneNonNullableNullsWithoutDefaults).
/// </summary>
internal static class Defaulter
{
    public static void Apply(JsonNode? value, SchemaNode? schema)
    {
        if (schema is null)
        {
            return;
        }
        switch (value)
        {
            case JsonObject obj:
                if (schema.Properties is not null)
                {
                    foreach (var (name, prop) in schema.Properties)
                    {
                        if (HasUsableDefault(prop) && (!obj.ContainsKey(name) || IsNonNullableNull(obj[name], prop)))
                        {
                            obj[name] = prop.Default!.DeepClone();
                        }
                    }
                }
                foreach (var (key, child) in obj.ToList())
                {
                    var sub = schema.Properties is not null && schema.Properties.TryGetValue(key, out var p) ? p : schema.AdditionalProperties;
                    if (sub is null)
                    {
                        continue;
                    }
                    if (schema.Properties is null && HasUsableDefault(sub) && IsNonNullableNull(child, sub))
                    {
                        obj[key] = sub.Default!.DeepClone();
                    }
                    else if (IsNonNullableNull(child, sub))
                    {
                        obj.Remove(key);
                        continue;
                    }
                    Apply(obj[key], sub);
                }
                break;
            case JsonArray array when schema.Items is not null:
                for (var i = 0; i < array.Count; i++)
                {
                    if (HasUsableDefault(schema.Items) && IsNonNullableNull(array[i], schema.Items))
                    {
                        array[i] = schema.Items.Default!.DeepClone();
                    }
                    Apply(array[i], schema.Items);
                }
                break;
        }
    }

    private static bool HasUsableDefault(SchemaNode schema) => schema.HasDefault && !JsonKinds.IsNull(schema.Default);

    private static bool IsNonNullableNull(JsonNode? value, SchemaNode schema) => JsonKinds.IsNull(value) && !schema.Nullable;
}
