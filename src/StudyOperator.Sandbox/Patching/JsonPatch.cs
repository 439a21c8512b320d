using System.Globalization;
using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Api;

namespace StudyOperator.Sandbox.Patching;

/// <summary>JSON Patch, RFC 6902 (add, remove, replace, move, copy, test) with RFC 6901 pointers.</summary>
internal static class JsonPatch
{
    public static JsonNode Apply(JsonNode target, JsonNode? patch)
    {
        if (patch is not JsonArray ops)
        {
            throw StatusBodies.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }

        var doc = target.DeepClone();
        foreach (var op in ops.OfType<JsonObject>())
        {
            var kind = op["op"]?.GetValue<string>() ?? "";
            var path = op["path"]?.GetValue<string>() ?? throw Fail($"missing path in {kind} operation");
            switch (kind)
            {
                case "add":
                    doc = Add(doc, path, op["value"]?.DeepClone());
                    break;
                case "remove":
                    doc = Remove(doc, path, out _);
                    break;
                case "replace":
                    Get(doc, path);
                    doc = Remove(doc, path, out _);
                    doc = Add(doc, path, op["value"]?.DeepClone());
                    break;
                case "move":
                    var from = op["from"]?.GetValue<string>() ?? throw Fail("missing from");
                    doc = Remove(doc, from, out var moved);
                    doc = Add(doc, path, moved);
                    break;
                case "copy":
                    var source = op["from"]?.GetValue<string>() ?? throw Fail("missing from");
                    doc = Add(doc, path, Get(doc, source)?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(doc, path), op["value"]))
                    {
                        throw new ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: testing value {path} failed: test failed");
                    }

                    break;
                default:
                    throw Fail($"Unexpected kind: {kind}");
            }
        }

        return doc;
    }

    private static ApiException Fail(string message) =>
        new(422, "Invalid", $"the server rejected our request due to an error in our request: {message}");

    private static List<string> Tokens(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw Fail($"JSON pointer must be empty or start with a \"/\": {pointer}");
        }

        return pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
    }

    private static JsonNode? Get(JsonNode doc, string path)
    {
        JsonNode? node = doc;
        foreach (var token in Tokens(path))
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var v) => v,
                JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => throw Fail($"doc is missing path: \"{path}\": missing value"),
            };
        }

        return node;
    }

    private static JsonNode Add(JsonNode doc, string path, JsonNode? value)
    {
        var tokens = Tokens(path);
        if (tokens.Count == 0)
        {
            return value ?? throw Fail("cannot replace the document with null");
        }

        var parent = Get(doc, ParentPointer(tokens));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a:
                if (last == "-")
                {
                    a.Add(value);
                }
                else if (int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= a.Count)
                {
                    a.Insert(i, value);
                }
                else
                {
                    throw Fail($"add operation does not apply: doc is missing path: \"{path}\": missing value");
                }

                break;
            default:
                throw Fail($"add operation does not apply: doc is missing path: \"{path}\": missing value");
        }

        return doc;
    }

    private static JsonNode Remove(JsonNode doc, string path, out JsonNode? removed)
    {
        var tokens = Tokens(path);
        var parent = Get(doc, ParentPointer(tokens));
        var last = tokens.Count > 0 ? tokens[^1] : throw Fail("cannot remove the whole document");
        switch (parent)
        {
            case JsonObject o when o.TryGetPropertyValue(last, out var v):
                o.Remove(last);
                removed = v;
                break;
            case JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count:
                removed = a[i];
                a.RemoveAt(i);
                break;
            default:
                throw Fail($"remove operation does not apply: doc is missing path: \"{path}\": missing value");
        }

        return doc;
    }

    private static string ParentPointer(List<string> tokens) =>
        tokens.Count <= 1 ? "" : "/" + string.Join('/', tokens.SkipLast(1).Select(Escape));

    private static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
