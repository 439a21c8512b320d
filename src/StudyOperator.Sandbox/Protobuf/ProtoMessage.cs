namespace StudyOperator.Sandbox.Protobuf;

/// <summary>A message schema: field number to JSON field. Fields not listed are skipped.</summary>
internal sealed class ProtoMessage
{
    private readonly Dictionary<int, ProtoField> fields = [];

    public ProtoField? this[int number] => fields.GetValueOrDefault(number);

    public ProtoMessage Add(int number, string name, ProtoKind kind, bool repeated = false, ProtoMessage? message = null)
    {
        fields[number] = new ProtoField(name, kind, repeated, message);
        return this;
    }

    public ProtoMessage Msg(int number, string name, ProtoMessage message, bool repeated = false) => Add(number, name, ProtoKind.Message, repeated, message);
}
