using System.Text.Json;
using System.Text.Json.Nodes;

namespace StudyOperator.Kube;

/// <summary>
/// Whether every field the desired object sets has the same value in the live object. The live
/// object may carry more (server defaults, status, other managers' labels); that is not drift.
/// </summary>
internal static class SemanticSubset
{
    public static bool IsSubset(JsonNode? desired, JsonNode? live) => (desired, live) switch
    {
        (null, _) => true,
        (_, null) => false,
        (JsonObject d, JsonObject l) => d.All(p => p.Value is null || (l.TryGetPropertyValue(p.Key, out var lv) && IsSubset(p.Value, lv))),
        (JsonArray d, JsonArray l) => d.Count == l.Count && d.Zip(l).All(pair => IsSubset(pair.First, pair.Second)),
        (JsonValue d, JsonValue l) => ValuesEqual(d, l),
        _ => false,
    };

    private static decimal Number(JsonValue value) =>
        decimal.Parse(value.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);

    private static bool ValuesEqual(JsonValue desired, JsonValue live)
    {
        var kind = desired.GetValueKind();
        if (kind != live.GetValueKind())
        {
            return false;
        }

        return kind == JsonValueKind.Number
            ? Number(desired) == Number(live)
            : JsonNode.DeepEquals(desired, live);
    }
}
