using System.Text.Json.Nodes;

namespace StudyOperator.Sandbox.Schema;

/// <summary>
/// The kube-openapi value validation as the CRD handler runs it, translated to field errors exactly as
/// apiextensions' kubeOpenAPIResultToFieldErrors does (messages "&lt;path&gt; in body ...").
/// </summary>
internal static class OpenApiValidator
{
    public static void Validate(JsonNode? value, SchemaNode schema, string path, List<FieldError> errors, bool isRoot = false)
    {
        var kind = JsonKinds.Of(value);
        var typeName = schema.IntOrString ? "integer,string" : schema.Type;
        if (kind == JsonKinds.Null)
        {
            if (typeName.Length > 0 && !schema.Nullable)
            {
                errors.Add(FieldErrors.MakeTypeInvalid(path, "null", $"{Name(path)} in body must be of type {typeName}: \"null\""));
            }
            return;
        }
        if (typeName.Length > 0 && !TypeMatches(schema, kind, value))
        {
            errors.Add(FieldErrors.MakeTypeInvalid(path, kind, $"{Name(path)} in body must be of type {typeName}: {GoFormat.Quote(kind)}"));
            return;
        }

        ValidateCombinators(value, schema, path, errors);
        switch (kind)
        {
            case JsonKinds.String:
                ValidateString(value!.GetValue<string>(), schema, path, errors);
                break;
            case JsonKinds.Integer or JsonKinds.Number:
                ValidateNumber((JsonValue)value!, schema, path, errors);
                break;
            case JsonKinds.Array:
                ValidateArray((JsonArray)value!, schema, path, errors);
                break;
        }
        ValidateEnum(value, schema, path, errors);
        if (value is JsonObject obj)
        {
            ValidateObject(obj, schema, path, errors, isRoot);
        }
    }

    private static string Name(string path) => path.Length == 0 ? "." : path;

    private static bool TypeMatches(SchemaNode schema, string kind, JsonNode? value)
    {
        if (schema.IntOrString)
        {
            return kind is JsonKinds.Integer or JsonKinds.String || IsIntegralFloat(kind, value);
        }
        return schema.Type switch
        {
            "integer" => kind == JsonKinds.Integer || IsIntegralFloat(kind, value),
            "number" => kind is JsonKinds.Integer or JsonKinds.Number,
            _ => schema.Type == kind,
        };
    }

    private static bool IsIntegralFloat(string kind, JsonNode? value) =>
        kind == JsonKinds.Number && JsonKinds.GetDouble((JsonValue)value!) is var d && d == Math.Floor(d) && !double.IsInfinity(d);

    private static void ValidateCombinators(JsonNode? value, SchemaNode schema, string path, List<FieldError> errors)
    {
        // Combinator failures are CompositeErrors in kube-openapi: the CRD handler reports them without a field.
        if (schema.AllOf.Count > 0)
        {
            var results = schema.AllOf.Select(s => Sub(value, s, path)).ToList();
            if (results.Any(r => r.Count > 0))
            {
                errors.Add(FieldErrors.MakeInvalid("", "", $"{Name(path)} in body must validate all the schemas (allOf)"));
                errors.AddRange(results.SelectMany(r => r));
            }
        }
        if (schema.AnyOf.Count > 0)
        {
            var results = schema.AnyOf.Select(s => Sub(value, s, path)).ToList();
            if (results.All(r => r.Count > 0))
            {
                errors.Add(FieldErrors.MakeInvalid("", "", $"{Name(path)} in body must validate at least one schema (anyOf)"));
                errors.AddRange(results[0]);
            }
        }
        if (schema.OneOf.Count > 0)
        {
            var results = schema.OneOf.Select(s => Sub(value, s, path)).ToList();
            var valid = results.Count(r => r.Count == 0);
            if (valid != 1)
            {
                errors.Add(FieldErrors.MakeInvalid("", "", $"{Name(path)} in body must validate one and only one schema (oneOf)"));
                if (valid == 0)
                {
                    errors.AddRange(results[0]);
                }
            }
        }
        if (schema.Not is not null && Sub(value, schema.Not, path).Count == 0)
        {
            errors.Add(FieldErrors.MakeInvalid("", "", $"{Name(path)} in body must not validate the schema (not)"));
        }
    }

    private static List<FieldError> Sub(JsonNode? value, SchemaNode schema, string path)
    {
        var errors = new List<FieldError>();
        Validate(value, schema, path, errors);
        return errors;
    }

    private static void ValidateString(string s, SchemaNode schema, string path, List<FieldError> errors)
    {
        var length = s.EnumerateRunes().Count();
        if (schema.MaxLength is { } max && length > max)
        {
            errors.Add(FieldErrors.MakeTooLong(path, max));
        }
        if (schema.MinLength is { } min && length < min)
        {
            errors.Add(FieldErrors.MakeInvalid(path, s, $"{Name(path)} in body should be at least {min} chars long"));
        }
        if (schema.Pattern is { } pattern && !pattern.IsMatch(s))
        {
            errors.Add(FieldErrors.MakeInvalid(path, s, $"{Name(path)} in body should match '{schema.PatternText}'"));
        }
        if (schema.Format.Length > 0 && !Formats.IsValid(schema.Format, s))
        {
            errors.Add(FieldErrors.MakeTypeInvalid(path, s, $"{Name(path)} in body must be of type {schema.Format}: {GoFormat.Quote(s)}"));
        }
    }

    private static void ValidateNumber(JsonValue v, SchemaNode schema, string path, List<FieldError> errors)
    {
        object data = JsonKinds.TryGetInt64(v, out var l) ? l : JsonKinds.GetDouble(v);
        var d = JsonKinds.GetDouble(v);
        if (schema.MultipleOf is { } factor)
        {
            var ok = data is long li && factor == Math.Floor(factor) && Math.Abs(factor) <= long.MaxValue
                ? li % (long)factor == 0
                : (d / factor) == Math.Floor(d / factor);
            if (!ok)
            {
                errors.Add(FieldErrors.MakeInvalid(path, data, $"{Name(path)} in body should be a multiple of {GoFormat.Number(factor)}"));
            }
        }
        if (schema.Maximum is { } max && (schema.ExclusiveMaximum ? d >= max : d > max))
        {
            var op = schema.ExclusiveMaximum ? "less than" : "less than or equal to";
            errors.Add(FieldErrors.MakeInvalid(path, data, $"{Name(path)} in body should be {op} {GoFormat.Number(max)}"));
        }
        if (schema.Minimum is { } min && (schema.ExclusiveMinimum ? d <= min : d < min))
        {
            var op = schema.ExclusiveMinimum ? "greater than" : "greater than or equal to";
            errors.Add(FieldErrors.MakeInvalid(path, data, $"{Name(path)} in body should be {op} {GoFormat.Number(min)}"));
        }
    }

    private static void ValidateArray(JsonArray array, SchemaNode schema, string path, List<FieldError> errors)
    {
        if (schema.MinItems is { } min && array.Count < min)
        {
            errors.Add(FieldErrors.MakeInvalid(path, (long)array.Count, $"{Name(path)} in body should have at least {min} items"));
        }
        if (schema.MaxItems is { } max && array.Count > max)
        {
            errors.Add(FieldErrors.MakeTooMany(path, array.Count, max));
        }
        if (schema.UniqueItems && array.Select(x => x?.ToJsonString() ?? "null").Distinct(StringComparer.Ordinal).Count() != array.Count)
        {
            errors.Add(FieldErrors.MakeInvalid(path, "", $"{Name(path)} in body shouldn't contain duplicates"));
        }
        if (schema.Items is not null)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Validate(array[i], schema.Items, JsonKinds.Index(path, i), errors);
            }
        }
    }

    private static void ValidateEnum(JsonNode? value, SchemaNode schema, string path, List<FieldError> errors)
    {
        if (schema.Enum is null || schema.Enum.Any(e => JsonEquals(e, value)))
        {
            return;
        }
        var allowed = schema.Enum.Select(e => JsonKinds.Of(e) == JsonKinds.String ? e!.GetValue<string>() : e?.ToJsonString() ?? "null");
        errors.Add(FieldErrors.MakeNotSupported(path, value, allowed));
    }

    private static bool JsonEquals(JsonNode? a, JsonNode? b)
    {
        var ka = JsonKinds.Of(a);
        var kb = JsonKinds.Of(b);
        if (ka is JsonKinds.Integer or JsonKinds.Number && kb is JsonKinds.Integer or JsonKinds.Number)
        {
            return JsonKinds.GetDouble((JsonValue)a!) == JsonKinds.GetDouble((JsonValue)b!);
        }
        return JsonNode.DeepEquals(a, b);
    }

    private static void ValidateObject(JsonObject obj, SchemaNode schema, string path, List<FieldError> errors, bool isRoot)
    {
        if (schema.MaxProperties is { } max && obj.Count > max)
        {
            errors.Add(FieldErrors.MakeTooMany(path, max, max));
        }
        if (schema.MinProperties is { } min && obj.Count < min)
        {
            errors.Add(FieldErrors.MakeInvalid(path, min, $"{Name(path)} in body should have at least {min} properties"));
        }
        foreach (var required in schema.Required)
        {
            if (!obj.ContainsKey(required))
            {
                errors.Add(FieldErrors.MakeRequired(JsonKinds.Child(path, required)));
            }
        }
        foreach (var (key, child) in obj)
        {
            if (isRoot && key == "metadata")
            {
                continue; // ObjectMeta is validated by the apiserver itself.
            }
            if (schema.Properties is not null && schema.Properties.TryGetValue(key, out var prop))
            {
                Validate(child, prop, JsonKinds.Child(path, key), errors);
            }
            else if (schema.AdditionalProperties is not null)
            {
                Validate(child, schema.AdditionalProperties, JsonKinds.Child(path, key), errors);
            }
            else if (schema.AdditionalPropertiesForbidden)
            {
                errors.Add(FieldErrors.MakeInvalid(path, key, $"{JsonKinds.Child(path, key)} in body is a forbidden property"));
            }
        }
        if (schema.EmbeddedResource && !isRoot)
        {
            foreach (var meta in new[] { "kind", "apiVersion" })
            {
                if (obj[meta] is not JsonValue v || JsonKinds.Of(v) != JsonKinds.String || v.GetValue<string>().Length == 0)
                {
                    errors.Add(FieldErrors.MakeRequired(JsonKinds.Child(path, meta), "must not be empty"));
                }
            }
        }
    }
}
