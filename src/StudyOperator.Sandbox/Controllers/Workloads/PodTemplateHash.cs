using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StudyOperator.Sandbox.Controllers.Workloads;

/// <summary>
/// The <c>pod-template-hash</c> of kube-controller-manager's <c>controller.ComputeHash</c>: FNV-32a over the pod template,
/// then the collision count as 8 bytes (its 32 bits little-endian, then zeros), the decimal of the sum encoded with
/// <c>rand.SafeEncodeString</c>. Kubernetes feeds the template to the hash as go-spew prints the Go struct; the sandbox
/// has no Go structs, so it feeds the template's canonical JSON (keys sorted) instead. Names therefore have the same
/// form and stability as on a real cluster (same template, same name) but not the same characters.
/// </summary>
internal static class PodTemplateHash
{
    private const string Alphanums = "bcdfghjklmnpqrstvwxz2456789";

    public static string Compute(JsonNode? template, long? collisionCount)
    {
        var hash = 2166136261u;
        foreach (var b in CanonicalJson(template))
        {
            hash = Step(hash, b);
        }

        if (collisionCount is { } count)
        {
            Span<byte> bytes = stackalloc byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes, unchecked((uint)count));
            foreach (var b in bytes)
            {
                hash = Step(hash, b);
            }
        }

        return SafeEncode(hash.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>apimachinery util/rand.SafeEncodeString: every character maps to a vowel-free alphanumeric.</summary>
    public static string SafeEncode(string s)
    {
        var result = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            result.Append(Alphanums[c % Alphanums.Length]);
        }

        return result.ToString();
    }

    private static uint Step(uint hash, byte b) => unchecked((hash ^ b) * 16777619u);

    private static byte[] CanonicalJson(JsonNode? node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, node);
        }

        return stream.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                writer.WriteStartObject();
                foreach (var (key, value) in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray a:
                writer.WriteStartArray();
                foreach (var item in a)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
