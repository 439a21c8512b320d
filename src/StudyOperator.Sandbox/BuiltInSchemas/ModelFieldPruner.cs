using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace StudyOperator.Sandbox.BuiltInSchemas;

/// <summary>
/// Finds and removes fields that a built-in kind does not have, as the apiserver's strict decoder does, using the
/// typed models of KubernetesClient (their <c>[JsonPropertyName]</c> properties) as the schema. Paths are
/// reported like the apiserver's strict decoding errors: <c>spec.template.spec.containers[0].imagee</c>.
/// </summary>
internal static class ModelFieldPruner
{
    private static readonly ConcurrentDictionary<Type, Dictionary<string, Type>?> Properties = new();

    public static List<string> Prune(JsonObject obj, Type model)
    {
        var unknown = new List<string>();
        Walk(obj, model, "", unknown);
        return unknown;
    }

    private static void Walk(JsonNode? node, Type type, string path, List<string> unknown)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (node is null || IsLeaf(type))
        {
            return;
        }

        if (ElementType(type, out var isMap) is { } element)
        {
            switch (node)
            {
                case JsonArray array when !isMap:
                    for (var i = 0; i < array.Count; i++)
                    {
                        Walk(array[i], element, $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]", unknown);
                    }

                    break;
                case JsonObject map when isMap:
                    foreach (var (key, value) in map)
                    {
                        Walk(value, element, $"{path}[{key}]", unknown);
                    }

                    break;
            }

            return;
        }

        if (node is not JsonObject obj || PropertiesOf(type) is not { } properties)
        {
            return;
        }

        foreach (var (key, value) in obj.ToList())
        {
            var child = path.Length == 0 ? key : $"{path}.{key}";
            if (properties.TryGetValue(key, out var propertyType))
            {
                Walk(value, propertyType, child, unknown);
            }
            else
            {
                unknown.Add(child);
                obj.Remove(key);
            }
        }
    }

    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(object) || type == typeof(decimal)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(byte[])
        || type.Name is "IntOrString" or "ResourceQuantity" or "IntstrIntOrString" || type.Namespace?.StartsWith("System.Text.Json", StringComparison.Ordinal) == true;

    private static Type? ElementType(Type type, out bool isMap)
    {
        isMap = false;
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type))
        {
            return null;
        }

        var dictionary = type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(IDictionary<,>) || d == typeof(Dictionary<,>))
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        if (dictionary is not null)
        {
            isMap = true;
            return dictionary.GetGenericArguments()[1];
        }

        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }

    private static Dictionary<string, Type>? PropertiesOf(Type type) => Properties.GetOrAdd(type, t =>
    {
        var map = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetCustomAttribute<JsonPropertyNameAttribute>() is { } name)
            {
                map[name.Name] = p.PropertyType;
            }
        }

        return map.Count == 0 ? null : map;
    });
}
