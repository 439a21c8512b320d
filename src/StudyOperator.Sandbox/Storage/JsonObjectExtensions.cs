using System.Text.Json.Nodes;

namespace StudyOperator.Sandbox.Storage;

/// <summary>Small accessors for the metadata of objects held as <see cref="JsonObject"/>.</summary>
internal static class JsonObjectExtensions
{
    public static JsonObject Meta(this JsonObject obj)
    {
        if (obj["metadata"] is JsonObject meta)
        {
            return meta;
        }

        meta = [];
        obj["metadata"] = meta;
        return meta;
    }

    public static string Name(this JsonObject obj) => obj.Str("metadata", "name") ?? "";

    public static string Ns(this JsonObject obj) => obj.Str("metadata", "namespace") ?? "";

    public static string? Uid(this JsonObject obj) => obj.Str("metadata", "uid");

    public static string? Str(this JsonObject obj, params string[] path)
    {
        JsonNode? node = obj;
        foreach (var p in path)
        {
            node = node is JsonObject o ? o[p] : null;
        }

        return node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    }

    public static JsonNode? At(this JsonNode? node, params string[] path)
    {
        foreach (var p in path)
        {
            node = node is JsonObject o ? o[p] : null;
        }

        return node;
    }

    /// <summary>An integer value whatever CLR type backs the node (parsed JSON, int or long written by code).</summary>
    public static long? Long(this JsonNode? node)
    {
        if (node is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.Number)
        {
            return null;
        }

        if (v.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (v.TryGetValue<int>(out var i))
        {
            return i;
        }

        return double.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) ? (long)d : null;
    }

    public static JsonObject? Labels(this JsonObject obj) => obj.At("metadata", "labels") as JsonObject;

    public static IEnumerable<string> Finalizers(this JsonObject obj) =>
        obj.At("metadata", "finalizers") is JsonArray a ? a.Select(n => n?.GetValue<string>() ?? "") : [];

    public static bool IsTerminating(this JsonObject obj) => obj.At("metadata", "deletionTimestamp") is not null;

    public static string ObjectKey(this JsonObject obj) => $"{obj.Ns()}/{obj.Name()}";

    /// <summary>Forces lazily parsed nodes to materialise so the object can be read from many threads.</summary>
    public static void Freeze(this JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var kv in o)
                {
                    kv.Value.Freeze();
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    item.Freeze();
                }

                break;
        }
    }

    public static JsonObject CloneObject(this JsonObject obj) => obj.DeepClone().AsObject();
}
