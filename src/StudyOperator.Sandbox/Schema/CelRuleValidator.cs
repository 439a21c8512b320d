using System.Collections.Immutable;
using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Schema.Cel;

namespace StudyOperator.Sandbox.Schema;

/// <summary>
/// Runs x-kubernetes-validations the way apiextensions schema/cel/validation.go does: rules of a node see its
/// value as <c>self</c>; absent and null values are skipped; transition rules (oldSelf) run only when an old value
/// correlates (same object key / same list-map key).
/// </summary>
internal static class CelRuleValidator
{
    public static void Validate(JsonNode? value, JsonNode? oldValue, SchemaNode? schema, string path, List<FieldError> errors)
    {
        if (schema is null || value is null || JsonKinds.IsNull(value))
        {
            return;
        }
        var hasOld = oldValue is not null && !JsonKinds.IsNull(oldValue);
        if (schema.Rules.Count > 0)
        {
            RunRules(value, hasOld ? oldValue : null, schema, path, errors);
        }
        switch (value)
        {
            case JsonObject obj:
                var oldObj = oldValue as JsonObject;
                foreach (var (key, child) in obj)
                {
                    if (schema.Properties is not null && schema.Properties.TryGetValue(key, out var prop))
                    {
                        Validate(child, oldObj?[key], prop, JsonKinds.Child(path, key), errors);
                    }
                    else if (schema.AdditionalProperties is not null)
                    {
                        Validate(child, oldObj?[key], schema.AdditionalProperties, JsonKinds.Key(path, key), errors);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Validate(array[i], CorrelatedItem(array[i], oldValue as JsonArray, schema), schema.Items, JsonKinds.Index(path, i), errors);
                }
                break;
        }
    }

    private static JsonNode? CorrelatedItem(JsonNode? item, JsonArray? oldArray, SchemaNode schema)
    {
        if (oldArray is null || schema.ListType != "map" || item is not JsonObject obj)
        {
            return null;
        }
        return oldArray.FirstOrDefault(old => old is JsonObject o
            && schema.ListMapKeys.All(k => JsonNode.DeepEquals(o[k], obj[k]) && o.ContainsKey(k) == obj.ContainsKey(k)));
    }

    private static void RunRules(JsonNode value, JsonNode? oldValue, SchemaNode schema, string path, List<FieldError> errors)
    {
        var vars = ImmutableDictionary<string, object>.Empty.Add("self", CelValues.From(value, schema));
        if (oldValue is not null)
        {
            vars = vars.Add("oldSelf", CelValues.From(oldValue, schema));
        }
        foreach (var rule in schema.Rules)
        {
            if (rule.UsesOldSelf && oldValue is null)
            {
                continue;
            }
            object result;
            try
            {
                result = CelEvaluator.Eval(rule.Program, vars);
            }
            catch (CelException e)
            {
                var detail = e.Message.StartsWith("no such overload", StringComparison.Ordinal)
                    ? $"'no such overload': call arguments did not match a supported operator, function or macro signature for rule: {ErrorString(rule)}"
                    : $"{e.Message} evaluating rule: {ErrorString(rule)}";
                errors.Add(FieldErrors.MakeInvalid(path, schema.Type, detail));
                continue;
            }
            if (result is true)
            {
                continue;
            }
            var fieldPath = rule.FieldPath.Length > 0 ? JsonKinds.Child(path, rule.FieldPath) : path;
            var message = MessageFromExpression(rule, vars) ?? DefaultMessage(rule);
            errors.Add(rule.Reason switch
            {
                FieldErrors.Forbidden => FieldErrors.MakeForbidden(fieldPath, message),
                FieldErrors.Required => FieldErrors.MakeRequired(fieldPath, message),
                FieldErrors.Duplicate => FieldErrors.MakeDuplicate(fieldPath, schema.Type),
                _ => FieldErrors.MakeInvalid(fieldPath, schema.Type, message),
            });
        }
    }

    /// <summary>The evaluated messageExpression, or null when it fails or yields no usable string (then message is used).</summary>
    private static string? MessageFromExpression(CelRule rule, ImmutableDictionary<string, object> vars)
    {
        if (rule.MessageExpression is null)
        {
            return null;
        }
        try
        {
            return CelEvaluator.Eval(rule.MessageExpression, vars) is string s && s.Trim() is { Length: > 0 } trimmed && !trimmed.Contains('\n', StringComparison.Ordinal)
                ? trimmed
                : null;
        }
        catch (CelException)
        {
            return null;
        }
    }

    private static string DefaultMessage(CelRule rule) =>
        rule.Message.Length == 0 ? $"failed rule: {ErrorString(rule)}" : rule.Message.Trim();

    private static string ErrorString(CelRule rule) => rule.Message.Length > 0 ? rule.Message.Trim() : rule.Rule.Trim();
}
