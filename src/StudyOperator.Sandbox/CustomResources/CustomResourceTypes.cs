using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Registry;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.CustomResources;

/// <summary>Turns a CRD into the resource types of its served versions (one storage shared by all versions).</summary>
internal static class CustomResourceTypes
{
    public static List<ResourceType> From(JsonObject crd)
    {
        var spec = crd["spec"] as JsonObject ?? [];
        var group = spec.Str("group") ?? "";
        var names = spec["names"] as JsonObject ?? [];
        var plural = names.Str("plural") ?? "";
        var kind = names.Str("kind") ?? "";
        var types = new List<ResourceType>();
        foreach (var version in (spec["versions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (version["served"] is JsonValue served && served.TryGetValue<bool>(out var isServed) && !isServed)
            {
                continue;
            }

            var schema = CustomResourceSchemas.Create(version.At("schema", "openAPIV3Schema") as JsonObject);
            types.Add(new ResourceType(group, version.Str("name") ?? "", plural, names.Str("singular") ?? kind.ToLowerInvariant(), kind,
                spec.Str("scope") != "Cluster", new CustomResourceStrategy(version, schema))
            {
                ShortNames = Strings(names["shortNames"]),
                Categories = Strings(names["categories"]),
                HasStatus = version.At("subresources", "status") is JsonObject,
                HasScale = version.At("subresources", "scale") is JsonObject,
                IsCustom = true,
                StorageKey = $"{group}/{plural}",
                OpenApiSchema = version.At("schema", "openAPIV3Schema") as JsonObject,
            });
        }

        return types;
    }

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray a ? a.Select(n => n?.GetValue<string>() ?? "").ToList() : [];
}
