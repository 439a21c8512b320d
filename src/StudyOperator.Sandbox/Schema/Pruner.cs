using System.Text.Json.Nodes;

namespace StudyOperator.Sandbox.Schema;

/// <summary>
/// Structural pruning (apiextensions schema/pruning): drops object fields the schema does not specify, keeping
/// apiVersion/kind/metadata of the resource root and of embedded resources, and everything below
/// x-kubernetes-preserve-unknown-fields. Returns the pruned paths sorted like the apiserver does.
/// </summary>
internal static class Pruner
{
    private static readonly HashSet<string> MetaFields = ["apiVersion", "kind", "metadata"];

    public static List<string> PruneRoot(JsonNode? value, SchemaNode schema)
    {
        var pruned = new List<string>();
        Prune(value, schema with { EmbeddedResource = true }, "", pruned);
        pruned.Sort(StringComparer.Ordinal);
        return pruned;
    }

    private static void Prune(JsonNode? value, SchemaNode? schema, string path, List<string> pruned)
    {
        if (schema is { PreserveUnknownFields: true })
        {
            SkipPrune(value, schema, path, pruned);
            return;
        }
        switch (value)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (schema is { EmbeddedResource: true } && MetaFields.Contains(key))
                    {
                        continue;
                    }
                    if (schema?.Properties is not null && schema.Properties.TryGetValue(key, out var prop))
                    {
                        Prune(child, prop, JsonKinds.Child(path, key), pruned);
                    }
                    else if (schema?.AdditionalProperties is not null)
                    {
                        Prune(child, schema.AdditionalProperties, JsonKinds.Child(path, key), pruned);
                    }
                    else
                    {
                        if (!MetaFields.Contains(key) || path.Length > 0)
                        {
                            pruned.Add(JsonKinds.Child(path, key));
                        }
                        obj.Remove(key);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Prune(array[i], schema?.Items, JsonKinds.Index(path, i), pruned);
                }
                break;
        }
    }

    private static void SkipPrune(JsonNode? value, SchemaNode? schema, string path, List<string> pruned)
    {
        if (schema is null)
        {
            return;
        }
        switch (value)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (schema.EmbeddedResource && MetaFields.Contains(key))
                    {
                        continue;
                    }
                    if (schema.Properties is not null && schema.Properties.TryGetValue(key, out var prop))
                    {
                        Prune(child, prop, JsonKinds.Child(path, key), pruned);
                    }
                    else if (schema.AdditionalProperties is not null)
                    {
                        Prune(child, schema.AdditionalProperties, JsonKinds.Child(path, key), pruned);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    SkipPrune(array[i], schema.Items, JsonKinds.Index(path, i), pruned);
                }
                break;
        }
    }
}
