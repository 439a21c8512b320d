namespace StudyOperator.Sandbox.Protobuf;

internal enum ProtoKind
{
    Text,
    Bytes,
    Int,
    Bool,
    Message,
    StringMap,
    BytesMap,
    Time,
    IntOrString,
    Quantity,
}
