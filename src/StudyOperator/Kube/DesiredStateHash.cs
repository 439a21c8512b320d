using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace StudyOperator.Kube;

/// <summary>
/// A short fingerprint of a desired object, stored as an annotation on what the operator writes.
/// A changed fingerprint means the desired state changed, including fields that were removed
/// (which a subset comparison alone cannot see).
/// </summary>
internal static class DesiredStateHash
{
    public const string Annotation = "labs.study.dev/desired-hash";

    public static string Of(JsonNode desired)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(desired)));
        return Convert.ToHexStringLower(bytes.AsSpan(0, 8));
    }

    private static string Canonical(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject obj => "{" + string.Join(",", obj.Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{JsonValue.Create(p.Key).ToJsonString()}:{Canonical(p.Value)}")) + "}",
        JsonArray array => "[" + string.Join(",", array.Select(Canonical)) + "]",
        _ => node.ToJsonString(),
    };
}
