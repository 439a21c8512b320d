using System.Text;
using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Api;

namespace StudyOperator.Sandbox.Protobuf;

/// <summary>Decodes protobuf wire format into JSON following a <see cref="ProtoMessage"/> schema.</summary>
internal static class ProtoReader
{
    public static JsonObject Decode(ReadOnlySpan<byte> data, ProtoMessage schema)
    {
        var result = new JsonObject();
        var position = 0;
        while (position < data.Length)
        {
            var key = ReadVarint(data, ref position);
            var number = (int)(key >> 3);
            var wire = (int)(key & 7);
            var field = schema[number];
            switch (wire)
            {
                case 0:
                    var varint = ReadVarint(data, ref position);
                    if (field is not null)
                    {
                        Set(result, field, field.Kind == ProtoKind.Bool ? JsonValue.Create(varint != 0) : JsonValue.Create((long)varint));
                    }

                    break;
                case 2:
                    var length = (int)ReadVarint(data, ref position);
                    if (length < 0 || position + length > data.Length)
                    {
                        throw Malformed();
                    }

                    var bytes = data.Slice(position, length);
                    position += length;
                    if (field is not null)
                    {
                        ReadLengthDelimited(result, field, bytes);
                    }

                    break;
                case 1:
                    position += 8;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw Malformed();
            }
        }

        return result;
    }

    private static void ReadLengthDelimited(JsonObject result, ProtoField field, ReadOnlySpan<byte> bytes)
    {
        switch (field.Kind)
        {
            case ProtoKind.Text or ProtoKind.Quantity:
                Set(result, field, JsonValue.Create(Encoding.UTF8.GetString(bytes)));
                break;
            case ProtoKind.Bytes:
                Set(result, field, JsonValue.Create(Convert.ToBase64String(bytes)));
                break;
            case ProtoKind.Message:
                Set(result, field, Decode(bytes, field.Message!));
                break;
            case ProtoKind.Time:
                var time = Decode(bytes, TimeSchema);
                var seconds = time["s"]?.GetValue<long>() ?? 0;
                Set(result, field, JsonValue.Create(DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)));
                break;
            case ProtoKind.IntOrString:
                var value = Decode(bytes, IntOrStringSchema);
                Set(result, field, value["type"]?.GetValue<long>() == 1 ? JsonValue.Create(value["str"]?.GetValue<string>() ?? "") : JsonValue.Create(value["int"]?.GetValue<long>() ?? 0));
                break;
            case ProtoKind.StringMap or ProtoKind.BytesMap:
                var entry = Decode(bytes, field.Kind == ProtoKind.StringMap ? StringEntry : BytesEntry);
                if (result[field.Name] is not JsonObject map)
                {
                    map = [];
                    result[field.Name] = map;
                }

                map[entry["k"]?.GetValue<string>() ?? ""] = entry["v"]?.DeepClone() ?? (field.Kind == ProtoKind.StringMap ? "" : "");
                break;
            default:
                throw Malformed();
        }
    }

    private static void Set(JsonObject result, ProtoField field, JsonNode value)
    {
        if (!field.Repeated)
        {
            result[field.Name] = value;
            return;
        }

        if (result[field.Name] is not JsonArray array)
        {
            array = [];
            result[field.Name] = array;
        }

        array.Add(value);
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= data.Length)
            {
                throw Malformed();
            }

            var b = data[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw Malformed();
    }

    private static ApiException Malformed() => StatusBodies.BadRequest("the protobuf body is malformed");

    private static readonly ProtoMessage TimeSchema = new ProtoMessage().Add(1, "s", ProtoKind.Int).Add(2, "n", ProtoKind.Int);
    private static readonly ProtoMessage IntOrStringSchema = new ProtoMessage().Add(1, "type", ProtoKind.Int).Add(2, "int", ProtoKind.Int).Add(3, "str", ProtoKind.Text);
    private static readonly ProtoMessage StringEntry = new ProtoMessage().Add(1, "k", ProtoKind.Text).Add(2, "v", ProtoKind.Text);
    private static readonly ProtoMessage BytesEntry = new ProtoMessage().Add(1, "k", ProtoKind.Text).Add(2, "v", ProtoKind.Bytes);
}
