using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Models;
using StudyOperator.Api.V1Alpha1;

namespace StudyOperator.Tests.Api;

/// <summary>
/// The image's Native AOT build reads and writes StudyLabs through the source-generated <see cref="StudyLabJsonContext"/>;
/// the tests' JIT build through KubernetesClient's reflection fallback. Both must give the same JSON for every field.
/// </summary>
public sealed class StudyLabJsonContextTests
{
    /// <summary>KubernetesClient's options (camelCase, nulls left out, its time converters) with our context first, as Program.cs sets them.</summary>
    private static readonly JsonSerializerOptions WithContext = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new KubernetesJson.Iso8601TimeSpanConverter(), new KubernetesJson.KubernetesDateTimeConverter(), new KubernetesJson.KubernetesDateTimeOffsetConverter() },
        TypeInfoResolver = JsonTypeInfoResolver.Combine(StudyLabJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    [Fact]
    public void Every_field_of_a_lab_serializes_as_the_client_serializes_it()
    {
        var lab = Populate<V1Alpha1StudyLab>();
        var reflection = JsonNode.Parse(KubernetesJson.Serialize(lab))!;
        var generated = JsonNode.Parse(JsonSerializer.Serialize(lab, WithContext.GetTypeInfo(typeof(V1Alpha1StudyLab))))!;

        Assert.True(JsonNode.DeepEquals(reflection, generated), $"reflection:\n{reflection}\ncontext:\n{generated}");
        Assert.NotNull(generated["status"]?["steps"]?[0]);
    }

    [Fact]
    public void A_list_read_through_the_context_keeps_every_field()
    {
        var json = KubernetesJson.Serialize(new KubernetesList<V1Alpha1StudyLab>(items: [Populate<V1Alpha1StudyLab>()], metadata: new V1ListMeta { ResourceVersion = "7" }));
        var list = (KubernetesList<V1Alpha1StudyLab>)JsonSerializer.Deserialize(json, WithContext.GetTypeInfo(typeof(KubernetesList<V1Alpha1StudyLab>)))!;

        Assert.Equal("7", list.Metadata.ResourceVersion);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(KubernetesJson.Serialize(list))));
    }

    [Theory]
    [InlineData(typeof(V1Alpha1StudyLab))]
    [InlineData(typeof(V1Alpha1StudyLabStatus))]
    [InlineData(typeof(KubernetesList<V1Alpha1StudyLab>))]
    public void The_context_serves_the_types_the_operator_reads_and_writes(Type type) =>
        Assert.NotNull(StudyLabJsonContext.Default.GetTypeInfo(type));

    /// <summary>An object with every settable property set to a non-default value, nested objects and lists included.</summary>
    private static T Populate<T>() => (T)Populate(typeof(T), depth: 0)!;

    private static object? Populate(Type type, int depth)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string))
        {
            return "s" + depth;
        }

        if (underlying == typeof(int) || underlying == typeof(long) || underlying == typeof(double))
        {
            return Convert.ChangeType(depth + 2, underlying, System.Globalization.CultureInfo.InvariantCulture);
        }

        if (underlying == typeof(bool))
        {
            return true;
        }

        if (underlying == typeof(DateTime))
        {
            return new DateTime(2026, 11, 27, 18, 0, depth, DateTimeKind.Utc);
        }

        if (underlying.IsEnum)
        {
            var values = Enum.GetValues(underlying);
            return values.GetValue(values.Length - 1);
        }

        if (depth > 6)
        {
            return null;
        }

        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() is var definition
            && (definition == typeof(IList<>) || definition == typeof(List<>) || definition == typeof(IReadOnlyList<>)))
        {
            var element = underlying.GetGenericArguments()[0];
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            list.Add(Populate(element, depth + 1));
            return list;
        }

        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() is var map
            && (map == typeof(IDictionary<,>) || map == typeof(Dictionary<,>)) && underlying.GetGenericArguments()[0] == typeof(string))
        {
            var value = underlying.GetGenericArguments()[1];
            var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), value))!;
            dictionary["k"] = Populate(value, depth + 1);
            return dictionary;
        }

        if (underlying == typeof(V1ObjectMeta))
        {
            return new V1ObjectMeta { Name = "lab", NamespaceProperty = "ns", Generation = 3, ResourceVersion = "9", Labels = new Dictionary<string, string> { ["a"] = "b" } };
        }

        if (!underlying.IsClass || underlying.GetConstructor(Type.EmptyTypes) is null)
        {
            return null;
        }

        var instance = Activator.CreateInstance(underlying)!;
        foreach (var property in underlying.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetIndexParameters().Length == 0))
        {
            property.SetValue(instance, Populate(property.PropertyType, depth + 1));
        }

        return instance;
    }
}
