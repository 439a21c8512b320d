using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;
using StudyOperator.Api.Schema;

namespace StudyOperator.Manifests;

/// <summary>
/// Turns API types into an OpenAPI v3 structural schema: descriptions, bounds, defaults, enums and
/// CEL rules all come from attributes on the types, so the schema says exactly what the code means.
/// </summary>
internal static class SchemaBuilder
{
    public static JsonObject ForRoot(Type rootType)
    {
        var schema = ForObject(rootType);
        schema.Remove("description");
        schema = Prepend(schema, "description", Describe(rootType));
        if (rootType.GetCustomAttribute<MetadataNameRuleAttribute>() is { } nameRule)
        {
            var rules = schema["x-kubernetes-validations"] as JsonArray ?? [];
            rules.Insert(0, new JsonObject
            {
                ["rule"] = $"self.metadata.name.matches('{nameRule.Pattern}') && size(self.metadata.name) <= {nameRule.MaxLength}",
                ["message"] = nameRule.Message,
            });
            schema["x-kubernetes-validations"] = rules;
        }

        return schema;
    }

    private static JsonObject ForObject(Type type)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                ?? throw new InvalidOperationException($"{type.Name}.{property.Name} has no [JsonPropertyName]; API fields name themselves explicitly.");
            properties[name] = ForProperty(property);
            if (property.GetCustomAttribute<RequiredAttribute>() is not null)
            {
                required.Add(name);
            }
        }

        var schema = new JsonObject
        {
            ["description"] = Describe(type),
            ["type"] = "object",
            ["properties"] = properties,
        };
        if (required.Count > 0)
        {
            schema["required"] = required;
        }

        AddRules(schema, type.GetCustomAttributes<CelRuleAttribute>());
        return schema;
    }

    private static JsonObject ForProperty(PropertyInfo property)
    {
        var declared = property.PropertyType;
        var type = Nullable.GetUnderlyingType(declared) ?? declared;
        var schema = ForType(type, property);
        schema = Prepend(schema, "description", property.GetCustomAttribute<DescriptionAttribute>()?.Description
            ?? throw new InvalidOperationException($"{property.DeclaringType?.Name}.{property.Name} has no [Description]; every field teaches through kubectl explain."));

        ApplyBounds(schema, property);
        if (property.GetCustomAttribute<DefaultValueAttribute>() is { } defaultValue)
        {
            schema["default"] = ToJson(defaultValue.Value);
        }
        else if (IsDefaultedObject(property))
        {
            // An absent optional section defaults to {} so the API server fills in its inner defaults.
            schema["default"] = new JsonObject();
        }

        if (property.GetCustomAttribute<ListMapKeysAttribute>() is { } mapKeys)
        {
            schema["x-kubernetes-list-type"] = "map";
            schema["x-kubernetes-list-map-keys"] = new JsonArray([.. mapKeys.Keys.Select(k => (JsonNode)k)]);
        }

        AddRules(schema, property.GetCustomAttributes<CelRuleAttribute>());
        return schema;
    }

    private static JsonObject ForType(Type type, PropertyInfo property)
    {
        if (type == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }

        if (type == typeof(int))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = "int32" };
        }

        if (type == typeof(long))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = "int64" };
        }

        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }

        if (type == typeof(DateTime))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "date-time" };
        }

        if (type.IsEnum)
        {
            return new JsonObject
            {
                ["type"] = "string",
                ["enum"] = new JsonArray([.. Enum.GetNames(type).Select(n => (JsonNode)EnumWireName(type, n))]),
            };
        }

        if (type == typeof(V1ObjectMeta))
        {
            return new JsonObject { ["type"] = "object" };
        }

        if (type == typeof(V1Condition))
        {
            return KnownSchemas.Condition();
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IList<>))
        {
            var itemType = type.GetGenericArguments()[0];
            var items = ForType(Nullable.GetUnderlyingType(itemType) ?? itemType, property);
            return new JsonObject { ["type"] = "array", ["items"] = items };
        }

        if (IsApiObject(type))
        {
            return ForObject(type);
        }

        throw new InvalidOperationException($"No schema mapping for {type} ({property.DeclaringType?.Name}.{property.Name}).");
    }

    private static void ApplyBounds(JsonObject schema, PropertyInfo property)
    {
        var isArray = (string?)schema["type"] == "array";
        if (property.GetCustomAttribute<RangeAttribute>() is { } range)
        {
            schema["minimum"] = Convert.ToInt64(range.Minimum, System.Globalization.CultureInfo.InvariantCulture);
            schema["maximum"] = Convert.ToInt64(range.Maximum, System.Globalization.CultureInfo.InvariantCulture);
        }

        if (property.GetCustomAttribute<MinLengthAttribute>() is { } min)
        {
            schema[isArray ? "minItems" : "minLength"] = min.Length;
        }

        if (property.GetCustomAttribute<MaxLengthAttribute>() is { } max)
        {
            schema[isArray ? "maxItems" : "maxLength"] = max.Length;
        }

        if (property.GetCustomAttribute<RegularExpressionAttribute>() is { } pattern)
        {
            schema["pattern"] = pattern.Pattern;
        }
    }

    private static bool IsDefaultedObject(PropertyInfo property) =>
        IsApiObject(property.PropertyType)
        && property.GetCustomAttribute<RequiredAttribute>() is null
        && new NullabilityInfoContext().Create(property).WriteState == NullabilityState.NotNull;

    private static bool IsApiObject(Type type) =>
        type.IsClass && type.Namespace?.StartsWith("StudyOperator.Api", StringComparison.Ordinal) == true;

    private static void AddRules(JsonObject schema, IEnumerable<CelRuleAttribute> rules)
    {
        var array = new JsonArray();
        foreach (var rule in rules)
        {
            var entry = new JsonObject { ["rule"] = rule.Rule, ["message"] = rule.Message };
            if (rule.FieldPath is not null)
            {
                entry["fieldPath"] = rule.FieldPath;
            }

            array.Add(entry);
        }

        if (array.Count > 0)
        {
            schema["x-kubernetes-validations"] = array;
        }
    }

    private static string Describe(Type type) =>
        type.GetCustomAttribute<DescriptionAttribute>()?.Description
        ?? throw new InvalidOperationException($"{type.Name} has no [Description].");

    private static string EnumWireName(Type enumType, string memberName) =>
        enumType.GetField(memberName)?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? memberName;

    private static JsonNode? ToJson(object? value) => value switch
    {
        Enum e => EnumWireName(e.GetType(), e.ToString()),
        _ => JsonSerializer.SerializeToNode(value),
    };

    private static JsonObject Prepend(JsonObject schema, string key, string value)
    {
        var result = new JsonObject { [key] = value };
        foreach (var (name, node) in schema.ToList())
        {
            if (name == key)
            {
                continue;
            }

            schema.Remove(name);
            result[name] = node;
        }

        return result;
    }
}
