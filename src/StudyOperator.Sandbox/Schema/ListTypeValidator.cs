using System.Text.Json.Nodes;

namespace StudyOperator.Sandbox.Schema;

/// <summary>
/// Uniqueness of x-kubernetes-list-type set items and map keys (apiextensions schema/listtype): every item that
/// repeats an earlier one is reported once, as "Duplicate value".
/// </summary>
internal static class ListTypeValidator
{
    public static void Validate(JsonNode? value, SchemaNode? schema, string path, List<FieldError> errors)
    {
        if (schema is null)
        {
            return;
        }
        switch (value)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    if (schema.Properties is not null && schema.Properties.TryGetValue(key, out var prop))
                    {
                        Validate(child, prop, JsonKinds.Child(path, key), errors);
                    }
                    else if (schema.AdditionalProperties is not null)
                    {
                        Validate(child, schema.AdditionalProperties, JsonKinds.Key(path, key), errors);
                    }
                }
                break;
            case JsonArray array:
                if (schema.ListType == "set")
                {
                    foreach (var i in Duplicates(array.Select(x => x?.ToJsonString() ?? "null").ToList()))
                    {
                        errors.Add(FieldErrors.MakeDuplicate(JsonKinds.Index(path, i), JsonKinds.ToGo(array[i])));
                    }
                }
                else if (schema.ListType == "map")
                {
                    ValidateMapList(array, schema, path, errors);
                }
                for (var i = 0; i < array.Count; i++)
                {
                    Validate(array[i], schema.Items, JsonKinds.Index(path, i), errors);
                }
                break;
        }
    }

    private static void ValidateMapList(JsonArray array, SchemaNode schema, string path, List<FieldError> errors)
    {
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not null and not JsonObject)
            {
                errors.Add(FieldErrors.MakeInvalid(JsonKinds.Index(path, i), JsonKinds.ToGo(array[i]), "must be an object for an array of list-type map"));
                return;
            }
        }
        var keys = array.Select(item =>
        {
            var key = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var keyField in schema.ListMapKeys)
            {
                if (item is JsonObject o && o.TryGetPropertyValue(keyField, out var k))
                {
                    key[keyField] = JsonKinds.ToGo(k);
                }
            }
            return key;
        }).ToList();
        var texts = keys.Select(k => GoFormat.SharpV(k)).ToList();
        foreach (var i in Duplicates(texts))
        {
            errors.Add(FieldErrors.MakeDuplicate(JsonKinds.Index(path, i), keys[i]));
        }
    }

    /// <summary>Indexes of the second occurrence of each repeated item (later repeats are not reported again).</summary>
    private static List<int> Duplicates(List<string> items)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<int>();
        for (var i = 0; i < items.Count; i++)
        {
            seen[items[i]] = seen.TryGetValue(items[i], out var times) ? times + 1 : 1;
            if (times == 1)
            {
                result.Add(i);
            }
        }
        return result;
    }
}
