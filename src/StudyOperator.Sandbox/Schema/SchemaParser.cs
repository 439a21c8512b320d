using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using StudyOperator.Sandbox.Schema.Cel;

namespace StudyOperator.Sandbox.Schema;

/// <summary>
/// Turns an openAPIV3Schema JSON into <see cref="SchemaNode"/>s, rejecting what the apiserver rejects for a
/// structural schema (missing types, array without items, properties together with additionalProperties, ...)
/// and compiling CEL rules.
/// </summary>
internal static class SchemaParser
{
    private static readonly HashSet<string> Types = ["object", "array", "string", "integer", "number", "boolean"];
    private static readonly HashSet<string> Ignored =
    [
        "description", "title", "example", "externalDocs", "x-kubernetes-map-type", "$schema", "id",
    ];

    public static SchemaNode Parse(JsonNode? json)
    {
        if (json is not JsonObject root)
        {
            throw new SchemaException("openAPIV3Schema: Required value: must be an object");
        }
        var node = ParseNode(root, "openAPIV3Schema", requireType: true, isRoot: true);
        if (node.Type != "object")
        {
            throw new SchemaException($"openAPIV3Schema.type: Invalid value: {GoFormat.Quote(node.Type)}: must be object at the root");
        }
        return node;
    }

    private static SchemaNode ParseNode(JsonObject json, string path, bool requireType, bool isRoot = false)
    {
        foreach (var (key, _) in json)
        {
            if (key is "$ref" or "definitions" or "patternProperties" or "dependencies" or "additionalItems")
            {
                throw new SchemaException($"{path}.{key}: Forbidden: {key} is not supported");
            }
        }
        var type = String(json, "type", path) ?? "";
        var intOrString = Bool(json, "x-kubernetes-int-or-string", path);
        var preserve = Bool(json, "x-kubernetes-preserve-unknown-fields", path);
        var embedded = Bool(json, "x-kubernetes-embedded-resource", path);
        if (type.Length > 0 && !Types.Contains(type))
        {
            throw new SchemaException($"{path}.type: Unsupported value: {GoFormat.Quote(type)}: supported values: \"array\", \"boolean\", \"integer\", \"number\", \"object\", \"string\"");
        }
        if (requireType && type.Length == 0 && !intOrString && !preserve)
        {
            var what = isRoot ? "at the root" : path.EndsWith(".items", StringComparison.Ordinal) ? "for specified array items" : "for specified object fields";
            throw new SchemaException($"{path}.type: Required value: must not be empty {what}");
        }
        if (intOrString && type.Length > 0)
        {
            throw new SchemaException($"{path}.type: Invalid value: {GoFormat.Quote(type)}: must be empty if x-kubernetes-int-or-string is true");
        }
        if (embedded && type != "object")
        {
            throw new SchemaException($"{path}.type: Invalid value: {GoFormat.Quote(type)}: must be object if x-kubernetes-embedded-resource is true");
        }

        Dictionary<string, SchemaNode>? properties = null;
        if (json["properties"] is JsonObject props)
        {
            properties = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
            foreach (var (name, sub) in props)
            {
                properties[name] = ParseNode(Object(sub, $"{path}.properties[{name}]"), $"{path}.properties[{name}]", requireType);
            }
        }
        SchemaNode? additional = null;
        var additionalForbidden = false;
        switch (json["additionalProperties"])
        {
            case JsonObject sub:
                additional = ParseNode(sub, $"{path}.additionalProperties", requireType);
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.False:
                additionalForbidden = true;
                break;
        }
        if (properties is not null && (additional is not null || additionalForbidden))
        {
            throw new SchemaException($"{path}.additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive");
        }
        SchemaNode? items = null;
        if (json["items"] is { } itemsJson)
        {
            items = ParseNode(Object(itemsJson, $"{path}.items"), $"{path}.items", requireType);
        }
        if (requireType && type == "array" && items is null)
        {
            throw new SchemaException($"{path}.items: Required value: must be specified");
        }

        var listType = String(json, "x-kubernetes-list-type", path);
        var listMapKeys = json["x-kubernetes-list-map-keys"] is JsonArray keys
            ? keys.Select(k => k?.GetValue<string>() ?? "").ToList()
            : [];
        if (listType is not null and not ("atomic" or "set" or "map"))
        {
            throw new SchemaException($"{path}.x-kubernetes-list-type: Unsupported value: {GoFormat.Quote(listType)}: supported values: \"atomic\", \"map\", \"set\"");
        }
        if (listType == "map" && listMapKeys.Count == 0)
        {
            throw new SchemaException($"{path}.x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map");
        }
        if (listType != "map" && listMapKeys.Count > 0)
        {
            throw new SchemaException($"{path}.x-kubernetes-list-map-keys: Forbidden: requires x-kubernetes-list-type to be map");
        }

        var patternText = String(json, "pattern", path);
        Regex? pattern = null;
        if (patternText is not null)
        {
            try
            {
                pattern = new Regex(patternText, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                throw new SchemaException($"{path}.pattern: Invalid value: {GoFormat.Quote(patternText)}: {e.Message}", e);
            }
        }

        var node = new SchemaNode
        {
            Type = type,
            Nullable = Bool(json, "nullable", path),
            Format = String(json, "format", path) ?? "",
            Properties = properties,
            AdditionalProperties = additional,
            AdditionalPropertiesForbidden = additionalForbidden,
            Items = items,
            Required = json["required"] is JsonArray req ? req.Select(r => r?.GetValue<string>() ?? "").ToList() : [],
            Default = json["default"]?.DeepClone(),
            HasDefault = json.ContainsKey("default"),
            Enum = json["enum"] is JsonArray enumValues ? enumValues.Select(x => x?.DeepClone()).ToList() : null,
            Minimum = Number(json, "minimum", path),
            Maximum = Number(json, "maximum", path),
            ExclusiveMinimum = Bool(json, "exclusiveMinimum", path),
            ExclusiveMaximum = Bool(json, "exclusiveMaximum", path),
            MultipleOf = Number(json, "multipleOf", path),
            MinLength = Integer(json, "minLength", path),
            MaxLength = Integer(json, "maxLength", path),
            MinItems = Integer(json, "minItems", path),
            MaxItems = Integer(json, "maxItems", path),
            MinProperties = Integer(json, "minProperties", path),
            MaxProperties = Integer(json, "maxProperties", path),
            UniqueItems = Bool(json, "uniqueItems", path),
            PatternText = patternText,
            Pattern = pattern,
            PreserveUnknownFields = preserve,
            IntOrString = intOrString,
            EmbeddedResource = embedded,
            ListType = listType,
            ListMapKeys = listMapKeys,
            AllOf = Many(json, "allOf", path),
            AnyOf = Many(json, "anyOf", path),
            OneOf = Many(json, "oneOf", path),
            Not = json["not"] is { } not ? ParseNode(Object(not, $"{path}.not"), $"{path}.not", requireType: false) : null,
        };
        if (node.MultipleOf is <= 0)
        {
            throw new SchemaException($"{path}.multipleOf: Invalid value: {GoFormat.Number(node.MultipleOf.Value)}: must be greater than zero");
        }
        return json["x-kubernetes-validations"] is JsonArray rules
            ? WithRules(node, rules, $"{path}.x-kubernetes-validations")
            : node;
    }

    private static SchemaNode WithRules(SchemaNode node, JsonArray rules, string path)
    {
        var compiled = new List<CelRule>();
        for (var i = 0; i < rules.Count; i++)
        {
            var rulePath = $"{path}[{i}]";
            var json = Object(rules[i], rulePath);
            var rule = String(json, "rule", rulePath) ?? throw new SchemaException($"{rulePath}.rule: Required value");
            var program = Compile(rule, $"{rulePath}.rule");
            var messageExpression = String(json, "messageExpression", rulePath);
            var reason = String(json, "reason", rulePath);
            if (reason is not null and not (FieldErrors.Invalid or FieldErrors.Forbidden or FieldErrors.Required or FieldErrors.Duplicate))
            {
                throw new SchemaException($"{rulePath}.reason: Unsupported value: {GoFormat.Quote(reason)}: supported values: \"FieldValueDuplicate\", \"FieldValueForbidden\", \"FieldValueInvalid\", \"FieldValueRequired\"");
            }
            var message = String(json, "message", rulePath) ?? "";
            if (message.Contains('\n', StringComparison.Ordinal))
            {
                throw new SchemaException($"{rulePath}.message: Invalid value: {GoFormat.Quote(message)}: message must not contain line breaks");
            }
            var fieldPath = String(json, "fieldPath", rulePath) is { } fp ? NormalizeFieldPath(fp, node, $"{rulePath}.fieldPath") : "";
            compiled.Add(new CelRule(
                rule,
                program,
                message,
                messageExpression is null ? null : Compile(messageExpression, $"{rulePath}.messageExpression"),
                reason,
                fieldPath,
                UsesOldSelf(program)));
        }
        return node with { Rules = compiled };
    }

    private static CelNode Compile(string source, string path)
    {
        try
        {
            return CelParser.Parse(source, "self", "oldSelf");
        }
        catch (CelException e)
        {
            throw new SchemaException($"{path}: Invalid value: {GoFormat.Quote(source)}: compilation failed: ERROR: {e.Message}", e);
        }
    }

    private static bool UsesOldSelf(CelNode node) =>
        (node.Kind == CelNodeKind.Ident && node.Name == "oldSelf") || node.Children.Any(UsesOldSelf);

    /// <summary>Validates a rule's fieldPath (".a.b", "['a.b']") against the schema and returns it in field.Path form.</summary>
    private static string NormalizeFieldPath(string fieldPath, SchemaNode schema, string path)
    {
        var result = "";
        var current = schema;
        var i = 0;
        while (i < fieldPath.Length)
        {
            string name;
            if (fieldPath[i] == '.')
            {
                var end = fieldPath.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? fieldPath.Length : end;
                name = fieldPath[(i + 1)..end];
                i = end;
            }
            else if (string.CompareOrdinal(fieldPath, i, "['", 0, 2) == 0)
            {
                var end = fieldPath.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new SchemaException($"{path}: Invalid value: {GoFormat.Quote(fieldPath)}: expected ] but got end of JSON path");
                }
                name = fieldPath[(i + 2)..end].Replace("\\'", "'", StringComparison.Ordinal);
                i = end + 2;
            }
            else
            {
                throw new SchemaException($"{path}: Invalid value: {GoFormat.Quote(fieldPath)}: expected [ or . but got: {fieldPath[i]}");
            }
            if (current.Properties is not null && current.Properties.TryGetValue(name, out var next))
            {
                result = JsonKinds.Child(result, name);
                current = next;
            }
            else if (current.AdditionalProperties is not null)
            {
                result = JsonKinds.Key(result, name);
                current = current.AdditionalProperties;
            }
            else
            {
                throw new SchemaException($"{path}: Invalid value: {GoFormat.Quote(fieldPath)}: does not refer to a valid field");
            }
        }
        return result;
    }

    private static List<SchemaNode> Many(JsonObject json, string key, string path) =>
        json[key] is JsonArray list
            ? list.Select((x, i) => ParseNode(Object(x, $"{path}.{key}[{i}]"), $"{path}.{key}[{i}]", requireType: false)).ToList()
            : [];

    private static JsonObject Object(JsonNode? node, string path) =>
        node as JsonObject ?? throw new SchemaException($"{path}: Invalid value: must be an object");

    private static string? String(JsonObject json, string key, string path) => json[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw new SchemaException($"{path}.{key}: Invalid value: must be a string"),
    };

    private static bool Bool(JsonObject json, string key, string path) => json[key] switch
    {
        null => false,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        _ => throw new SchemaException($"{path}.{key}: Invalid value: must be a boolean"),
    };

    private static double? Number(JsonObject json, string key, string path) => json[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => JsonKinds.GetDouble(v),
        _ => throw new SchemaException($"{path}.{key}: Invalid value: must be a number"),
    };

    private static long? Integer(JsonObject json, string key, string path) => json[key] switch
    {
        null => null,
        JsonValue v when JsonKinds.TryGetInt64(v, out var l) && l >= 0 => l,
        _ => throw new SchemaException($"{path}.{key}: Invalid value: must be a non-negative integer"),
    };
}
