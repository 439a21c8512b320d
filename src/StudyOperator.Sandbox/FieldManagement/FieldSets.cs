using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Patching;

namespace StudyOperator.Sandbox.FieldManagement;

/// <summary>Flattens objects into owned leaves and converts them to and from the FieldsV1 tree format.</summary>
internal static class FieldSets
{
    private static readonly HashSet<string> IgnoredMetadata = new(StringComparer.Ordinal)
    {
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink",
    };

    /// <summary>The leaves of an object; <paramref name="statusOnly"/> selects status, otherwise status is left out when it has its own subresource.</summary>
    public static Dictionary<string, FieldLeaf> Leaves(JsonObject obj, bool keyedLists, bool hasStatus, bool statusOnly)
    {
        var leaves = new Dictionary<string, FieldLeaf>(StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            if (key is "apiVersion" or "kind" || (statusOnly ? key != "status" : hasStatus && key == "status"))
            {
                continue;
            }

            if (key == "metadata" && value is JsonObject meta)
            {
                foreach (var (mk, mv) in meta)
                {
                    if (!IgnoredMetadata.Contains(mk))
                    {
                        Walk(["f:metadata", "f:" + mk], mk, mv, keyedLists, leaves);
                    }
                }

                continue;
            }

            Walk(["f:" + key], key, value, keyedLists, leaves);
        }

        return leaves;
    }

    private static void Walk(List<string> path, string field, JsonNode? value, bool keyedLists, Dictionary<string, FieldLeaf> leaves)
    {
        switch (value)
        {
            case JsonObject o when o.Count > 0:
                foreach (var (k, v) in o)
                {
                    Walk([.. path, "f:" + k], k, v, keyedLists, leaves);
                }

                break;
            case JsonArray a when keyedLists && StrategicMergePatch.PrimitiveMergeList(field):
                foreach (var item in a)
                {
                    Add(leaves, [.. path, "v:" + (item?.ToJsonString() ?? "null")], null, isElement: true);
                }

                break;
            case JsonArray a when keyedLists && a.Count > 0 && StrategicMergePatch.MergeKeyOf(field, a) is { } mergeKey && a.All(i => i is JsonObject io && io[mergeKey] is not null):
                foreach (var item in a.OfType<JsonObject>())
                {
                    var element = "k:" + new JsonObject { [mergeKey] = item[mergeKey]!.DeepClone() }.ToJsonString();
                    List<string> elementPath = [.. path, element];
                    Add(leaves, elementPath, null, isElement: true);
                    foreach (var (k, v) in item)
                    {
                        Walk([.. elementPath, "f:" + k], k, v, keyedLists, leaves);
                    }
                }

                break;
            default:
                Add(leaves, path, value, isElement: false);
                break;
        }
    }

    private static void Add(Dictionary<string, FieldLeaf> leaves, List<string> path, JsonNode? value, bool isElement)
    {
        var leaf = new FieldLeaf(path, value, isElement);
        leaves[leaf.Key] = leaf;
    }

    /// <summary>The FieldsV1 tree of a set of leaves (elements and maps owned as a whole carry <c>".": {}</c>).</summary>
    public static JsonObject ToFieldsV1(IEnumerable<FieldLeaf> leaves)
    {
        var root = new JsonObject();
        foreach (var leaf in leaves.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            var node = root;
            foreach (var e in leaf.Elements)
            {
                if (node[e] is not JsonObject child)
                {
                    child = [];
                    node[e] = child;
                }

                node = child;
            }

            if (leaf.IsElement)
            {
                node["."] = new JsonObject();
            }
        }

        return root;
    }

    /// <summary>Leaf paths of a FieldsV1 tree (values unknown).</summary>
    public static List<List<string>> FromFieldsV1(JsonObject? fields)
    {
        var result = new List<List<string>>();
        void Visit(JsonObject node, List<string> path)
        {
            var children = node.Where(kv => kv.Key != ".").ToList();
            if (path.Count > 0 && (children.Count == 0 || node.ContainsKey(".")))
            {
                result.Add(path);
            }

            foreach (var (k, v) in children)
            {
                if (v is JsonObject child)
                {
                    Visit(child, [.. path, k]);
                }
            }
        }

        if (fields is not null)
        {
            Visit(fields, []);
        }

        return result;
    }
}
