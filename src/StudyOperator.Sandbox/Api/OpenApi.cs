using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Registry;

namespace StudyOperator.Sandbox.Api;

/// <summary>
/// Minimal OpenAPI v3: an index of group-versions and per-GV documents whose PATCH operations carry
/// <c>x-kubernetes-group-version-kind</c> and declare <c>fieldValidation</c> (so kubectl validates on the server),
/// and whose components hold each CRD version's schema (so <c>kubectl explain</c> works).
/// </summary>
internal static class OpenApi
{
    public static JsonObject Index(ResourceRegistry registry)
    {
        var paths = new JsonObject();
        foreach (var gv in registry.All.Select(t => (t.Group, t.Version)).Distinct().OrderBy(g => g.Group, StringComparer.Ordinal).ThenBy(g => g.Version, StringComparer.Ordinal))
        {
            var path = PathOf(gv.Group, gv.Version);
            var doc = Document(registry, gv.Group, gv.Version)!;
            var hash = Convert.ToHexString(SHA512.HashData(Encoding.UTF8.GetBytes(doc.ToJsonString())));
            paths[path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={hash}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    public static string PathOf(string group, string version) => group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    public static JsonObject? Document(ResourceRegistry registry, string group, string version)
    {
        var types = registry.All.Where(t => t.Group == group && t.Version == version).OrderBy(t => t.Plural, StringComparer.Ordinal).ToList();
        if (types.Count == 0)
        {
            return null;
        }

        var paths = new JsonObject();
        var schemas = new JsonObject();
        foreach (var t in types)
        {
            var gvk = new JsonObject { ["group"] = t.Group, ["kind"] = t.Kind, ["version"] = t.Version };
            var schemaName = SchemaName(t);
            var reference = new JsonObject { ["$ref"] = $"#/components/schemas/{schemaName}" };
            var prefix = "/" + PathOf(t.Group, t.Version) + (t.Namespaced ? "/namespaces/{namespace}" : "");
            var id = t.Kind;
            paths[$"{prefix}/{t.Plural}"] = new JsonObject
            {
                ["get"] = Operation("list" + id, "list", gvk, [], reference, null),
                ["post"] = Operation("create" + id, "post", gvk, ["dryRun", "fieldManager", "fieldValidation"], reference, ["application/json"]),
            };
            paths[$"{prefix}/{t.Plural}/{{name}}"] = new JsonObject
            {
                ["get"] = Operation("read" + id, "get", gvk, [], reference, null),
                ["put"] = Operation("replace" + id, "put", gvk, ["dryRun", "fieldManager", "fieldValidation"], reference, ["application/json"]),
                ["patch"] = Operation("patch" + id, "patch", gvk, ["dryRun", "fieldManager", "fieldValidation", "force"], reference,
                    // Strategic merge patch is accepted for built-ins but not advertised: the schemas here carry no
                    // patch-merge keys, so kubectl must compute client-side apply patches from its compiled-in types.
                    ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"]),
                ["delete"] = Operation("delete" + id, "delete", gvk, ["dryRun", "gracePeriodSeconds", "propagationPolicy"], null, null),
            };
            schemas[schemaName] = Schema(t, gvk);
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static string SchemaName(ResourceType t)
    {
        if (t.IsCustom)
        {
            var reversed = string.Join('.', t.Group.Split('.').Reverse());
            return $"{reversed}.{t.Version}.{t.Kind}";
        }

        var group = t.Group.Length == 0 ? "core" : t.Group.Split('.')[0];
        return $"io.k8s.api.{group}.{t.Version}.{t.Kind}";
    }

    private static JsonObject Schema(ResourceType t, JsonObject gvk)
    {
        JsonObject schema;
        if (t.OpenApiSchema is { } crdSchema)
        {
            schema = crdSchema.DeepClone().AsObject();
            var properties = schema["properties"] as JsonObject ?? [];
            schema["properties"] = properties;
            properties["apiVersion"] ??= new JsonObject
            {
                ["type"] = "string",
                ["description"] = "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
            };
            properties["kind"] ??= new JsonObject
            {
                ["type"] = "string",
                ["description"] = "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
            };
            properties["metadata"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
            };
        }
        else
        {
            schema = new JsonObject
            {
                ["type"] = "object",
                ["description"] = $"{t.Kind} ({t.GroupVersion}).",
                ["x-kubernetes-preserve-unknown-fields"] = true,
            };
        }

        schema["x-kubernetes-group-version-kind"] = new JsonArray(gvk.DeepClone());
        return schema;
    }

    private static JsonObject Operation(string id, string action, JsonObject gvk, string[] queryParameters, JsonObject? schemaRef, string[]? requestTypes)
    {
        var op = new JsonObject
        {
            ["operationId"] = id,
            ["parameters"] = new JsonArray(queryParameters.Select(p => (JsonNode?)new JsonObject
            {
                ["name"] = p,
                ["in"] = "query",
                ["description"] = p,
                ["schema"] = new JsonObject { ["type"] = p is "gracePeriodSeconds" ? "integer" : p is "force" ? "boolean" : "string", ["uniqueItems"] = true },
            }).ToArray()),
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "OK",
                    ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schemaRef?.DeepClone() ?? new JsonObject { ["type"] = "object" } } },
                },
            },
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = gvk.DeepClone(),
        };
        if (requestTypes is not null)
        {
            var content = new JsonObject();
            foreach (var type in requestTypes)
            {
                content[type] = new JsonObject { ["schema"] = schemaRef?.DeepClone() ?? new JsonObject { ["type"] = "object" } };
            }

            op["requestBody"] = new JsonObject { ["content"] = content, ["required"] = true };
        }

        return op;
    }
}
