using System.Text.Json.Nodes;
using StudyOperator.Sandbox.CustomResources;
using StudyOperator.Sandbox.Registry;
using StudyOperator.Sandbox.Storage;
using StudyOperator.Sandbox.Strategies;

namespace StudyOperator.Sandbox.Api;

/// <summary>autoscaling/v1 Scale views of Deployments, ReplicaSets and CRs with a scale subresource.</summary>
internal static class ScaleSubresource
{
    public static JsonObject ToScale(ResourceType type, JsonObject obj)
    {
        var (specPath, statusPath, selectorPath) = Paths(type);
        var status = new JsonObject { ["replicas"] = First(obj, statusPath).Long() ?? 0 };
        string? selector = null;
        if (type.IsCustom)
        {
            selector = selectorPath is null ? null : First(obj, selectorPath)?.ToString();
        }
        else if (obj.At("spec", "selector") is JsonObject s)
        {
            selector = DeploymentStrategy.SelectorText(s);
        }

        if (!string.IsNullOrEmpty(selector) && selector != "<none>")
        {
            status["selector"] = selector;
        }

        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = obj.Name(),
                ["namespace"] = obj.Ns(),
                ["uid"] = obj.Uid(),
                ["resourceVersion"] = obj.Str("metadata", "resourceVersion"),
                ["creationTimestamp"] = obj.Str("metadata", "creationTimestamp"),
            },
            ["spec"] = new JsonObject { ["replicas"] = First(obj, specPath).Long() ?? 0 },
            ["status"] = status,
        };
    }

    public static JsonObject WithReplicas(ResourceType type, JsonObject obj, long replicas)
    {
        var copy = obj.CloneObject();
        var (specPath, _, _) = Paths(type);
        var segments = specPath.TrimStart('.').Split('.');
        JsonObject node = copy;
        foreach (var s in segments[..^1])
        {
            if (node[s] is not JsonObject child)
            {
                child = [];
                node[s] = child;
            }

            node = child;
        }

        node[segments[^1]] = replicas;
        return copy;
    }

    private static (string Spec, string Status, string? Selector) Paths(ResourceType type)
    {
        if (type.Strategy is CustomResourceStrategy { ScaleSubresource: { } scale })
        {
            return (scale.Str("specReplicasPath") ?? ".spec.replicas", scale.Str("statusReplicasPath") ?? ".status.replicas", scale.Str("labelSelectorPath"));
        }

        return (".spec.replicas", ".status.replicas", null);
    }

    private static JsonNode? First(JsonObject obj, string path) => JsonPathExpression.Evaluate(obj, path).FirstOrDefault();
}
