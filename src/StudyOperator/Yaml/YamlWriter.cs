using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace StudyOperator.Yaml;

/// <summary>
/// Writes JSON nodes as block-style YAML, deterministically (key order kept), so generated manifests
/// are stable byte for byte and diff cleanly in review.
/// </summary>
internal static partial class YamlWriter
{
    public static string Write(JsonNode node)
    {
        var builder = new StringBuilder();
        WriteNode(builder, node, 0, inSequence: false);
        return builder.ToString();
    }

    private static void WriteNode(StringBuilder builder, JsonNode? node, int indent, bool inSequence)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
                var first = true;
                foreach (var (key, value) in obj)
                {
                    if (!(first && inSequence))
                    {
                        builder.Append(' ', indent);
                    }

                    first = false;
                    builder.Append(Scalar(key)).Append(':');
                    WriteValue(builder, value, indent);
                }

                break;
            case JsonArray array when array.Count > 0:
                foreach (var item in array)
                {
                    builder.Append(' ', indent).Append("- ");
                    if (item is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
                    {
                        if (item is JsonArray)
                        {
                            builder.Append('\n');
                            WriteNode(builder, item, indent + 2, inSequence: false);
                        }
                        else
                        {
                            WriteNode(builder, item, indent + 2, inSequence: true);
                        }
                    }
                    else
                    {
                        builder.Append(Inline(item)).Append('\n');
                    }
                }

                break;
            default:
                builder.Append(Inline(node)).Append('\n');
                break;
        }
    }

    private static void WriteValue(StringBuilder builder, JsonNode? value, int indent)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 }:
                builder.Append('\n');
                WriteNode(builder, value, indent + 2, inSequence: false);
                break;
            case JsonArray { Count: > 0 }:
                builder.Append('\n');
                WriteNode(builder, value, indent, inSequence: false);
                break;
            default:
                builder.Append(' ').Append(Inline(value)).Append('\n');
                break;
        }
    }

    private static string Inline(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => Scalar(value.GetValue<string>()),
        _ => node.ToJsonString(),
    };

    /// <summary>Plain when YAML reads it back as the same string; otherwise a JSON-style double-quoted scalar.</summary>
    private static string Scalar(string text) =>
        PlainSafe().IsMatch(text) && !Reserved.Contains(text) && !LooksNumeric().IsMatch(text)
            ? text
            : JsonSerializer.Serialize(text, QuotedStyle);

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    };

    private static readonly JsonSerializerOptions QuotedStyle = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [GeneratedRegex(@"^[A-Za-z_/.][A-Za-z0-9_./-]*\z")]
    private static partial Regex PlainSafe();

    [GeneratedRegex(@"^[-+.]?[0-9]")]
    private static partial Regex LooksNumeric();
}
