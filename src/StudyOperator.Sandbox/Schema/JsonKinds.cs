using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StudyOperator.Sandbox.Schema;

/// <summary>Classifies JSON values by their OpenAPI type, as Go's JSON decoding (int64 vs float64) would.</summary>
internal static class JsonKinds
{
    public const string Null = "null";
    public const string Object = "object";
    public const string Array = "array";
    public const string String = "string";
    public const string Integer = "integer";
    public const string Number = "number";
    public const string Boolean = "boolean";

    public static string Of(JsonNode? node) => node switch
    {
        null => Null,
        JsonObject => Object,
        JsonArray => Array,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => String,
            JsonValueKind.True or JsonValueKind.False => Boolean,
            JsonValueKind.Number => TryGetInt64(v, out _) ? Integer : Number,
            JsonValueKind.Null => Null,
            _ => String,
        },
        _ => Null,
    };

    public static bool IsNull(JsonNode? node) => Of(node) == Null;

    public static bool TryGetInt64(JsonValue v, out long value)
    {
        value = 0;
        if (v.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }
        var text = v.ToJsonString();
        return text.IndexOfAny(['.', 'e', 'E']) < 0 && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public static double GetDouble(JsonValue v) =>
        double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The value as Go's encoding/json would decode it into interface{} (int64 for integers).</summary>
    public static object? ToGo(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(kv => kv.Key, kv => ToGo(kv.Value), StringComparer.Ordinal) as IReadOnlyDictionary<string, object?>,
        JsonArray a => a.Select(ToGo).ToList() as IReadOnlyList<object?>,
        JsonValue v => Of(v) switch
        {
            String => v.GetValue<string>(),
            Boolean => v.GetValue<bool>(),
            Integer => TryGetInt64(v, out var l) ? l : null,
            Number => GetDouble(v),
            _ => null,
        },
        _ => null,
    };

    public static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    public static string Index(string path, int index) => $"{path}[{index.ToString(CultureInfo.InvariantCulture)}]";

    public static string Key(string path, string key) => $"{path}[{key}]";
}
