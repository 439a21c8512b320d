using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Strategies;

/// <summary>
/// events.k8s.io/v1 Events share storage with core/v1 Events; this strategy converts between the two shapes
/// and applies the strict create validation (eventTime required, deprecated fields unset).
/// </summary>
internal sealed class EventsV1Strategy : EventStrategy
{
    private static readonly (string Core, string V1)[] Renames =
    [
        ("involvedObject", "regarding"),
        ("message", "note"),
        ("reportingComponent", "reportingController"),
        ("count", "deprecatedCount"),
        ("firstTimestamp", "deprecatedFirstTimestamp"),
        ("lastTimestamp", "deprecatedLastTimestamp"),
        ("source", "deprecatedSource"),
    ];

    public override IReadOnlyList<TableColumn> Columns { get; } = new EventStrategy().Columns;

    /// <summary>Field selectors run on the stored (core) form; events.k8s.io names map onto it.</summary>
    public override string? FieldValue(JsonObject obj, string field) => base.FieldValue(obj, field switch
    {
        _ when field.StartsWith("regarding.", StringComparison.Ordinal) => "involvedObject." + field["regarding.".Length..],
        "reportingController" => "reportingComponent",
        _ => field,
    });

    public override JsonObject ToStorage(JsonObject served) => Rename(served, fromV1: true);

    public override JsonObject FromStorage(JsonObject stored) => Rename(stored, fromV1: false);

    public override List<FieldError> ValidateCreate(JsonObject served)
    {
        var errors = new List<FieldError>();
        if (served["eventTime"] is null)
        {
            errors.Add(FieldError.Required("eventTime"));
        }

        var type = served.Str("type");
        if (type is not ("Normal" or "Warning"))
        {
            errors.Add(FieldError.Invalid("type", "\"\"", $"has invalid value: {type}"));
        }

        foreach (var (core, v1) in new[] { ("firstTimestamp", "deprecatedFirstTimestamp"), ("lastTimestamp", "deprecatedLastTimestamp"), ("count", "deprecatedCount"), ("source", "deprecatedSource") })
        {
            var value = served[v1];
            var set = value switch
            {
                null => false,
                JsonObject o => o.Count > 0,
                JsonValue v when v.TryGetValue<long>(out var n) => n != 0,
                _ => true,
            };
            if (set)
            {
                errors.Add(FieldError.Invalid(core, "\"\"", "needs to be unset"));
            }
        }

        return errors;
    }

    public override List<FieldError> Validate(JsonObject obj, JsonObject? old)
    {
        var errors = new List<FieldError>();
        ValidateMetadata(obj, errors);
        LegacyValidate(obj, errors, "reportingController");
        return errors;
    }

    private static JsonObject Rename(JsonObject source, bool fromV1)
    {
        var result = new JsonObject();
        foreach (var (key, value) in source)
        {
            var target = key;
            foreach (var (core, v1) in Renames)
            {
                if (fromV1 && key == v1)
                {
                    target = core;
                }
                else if (!fromV1 && key == core)
                {
                    target = v1;
                }
            }

            result[target] = value?.DeepClone();
        }

        result["apiVersion"] = fromV1 ? "v1" : "events.k8s.io/v1";
        return result;
    }
}
