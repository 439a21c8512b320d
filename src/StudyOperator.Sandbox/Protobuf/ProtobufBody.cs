using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Api;

namespace StudyOperator.Sandbox.Protobuf;

/// <summary>
/// Decodes the Kubernetes protobuf envelope (<c>k8s\0</c> + runtime.Unknown{typeMeta, raw}) for the kinds in
/// <see cref="ProtoSchemas"/>, producing the JSON the apiserver would have decoded (empty strings and zero
/// timestamps dropped, as omitempty would).
/// </summary>
internal static class ProtobufBody
{
    private static readonly ProtoMessage Unknown = new ProtoMessage()
        .Msg(1, "typeMeta", new ProtoMessage().Add(1, "apiVersion", ProtoKind.Text).Add(2, "kind", ProtoKind.Text))
        .Add(2, "raw", ProtoKind.Bytes);

    private static readonly HashSet<string> ZeroOmitted = new(StringComparer.Ordinal) { "hostPort", "minReadySeconds", "generation", "nodePort" };

    /// <summary>Optional (pointer) bools keep an explicit false; plain omitempty bools drop it.</summary>
    private static readonly HashSet<string> PointerBools = new(StringComparer.Ordinal)
    {
        "suspend", "automountServiceAccountToken", "immutable", "manualSelector", "enableServiceLinks", "controller", "blockOwnerDeletion",
    };

    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        if (body.Length < 4 || body[0] != (byte)'k' || body[1] != (byte)'8' || body[2] != (byte)'s' || body[3] != 0)
        {
            throw StatusBodies.BadRequest("the protobuf body does not start with the k8s envelope");
        }

        var envelope = ProtoReader.Decode(body[4..], Unknown);
        var apiVersion = envelope["typeMeta"]?["apiVersion"]?.GetValue<string>() ?? "";
        var kind = envelope["typeMeta"]?["kind"]?.GetValue<string>() ?? "";
        var schema = ProtoSchemas.For(apiVersion, kind) ?? throw new ApiException(415, "UnsupportedMediaType",
            $"the body of the request was in an unknown format - the sandbox decodes protobuf only for Namespace, ConfigMap, Secret, ServiceAccount, Service, Deployment and Job; send application/json (got {apiVersion} {kind})");
        var raw = Convert.FromBase64String(envelope["raw"]?.GetValue<string>() ?? "");
        var obj = ProtoReader.Decode(raw, schema);
        Clean(obj);
        obj["apiVersion"] = apiVersion;
        obj["kind"] = kind;
        return obj;
    }

    private static void Clean(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    var drop = value switch
                    {
                        JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0 || (key is "creationTimestamp" && s.StartsWith("1970-01-01", StringComparison.Ordinal)),
                        JsonValue v when v.TryGetValue<long>(out var l) => l == 0 && ZeroOmitted.Contains(key),
                        JsonValue v when v.TryGetValue<bool>(out var b) => !b && !PointerBools.Contains(key),
                        _ => false,
                    };
                    if (drop)
                    {
                        o.Remove(key);
                    }
                    else
                    {
                        Clean(value);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Clean(item);
                }

                break;
        }
    }
}
