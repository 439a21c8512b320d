namespace StudyOperator.Sandbox.Protobuf;

/// <summary>How one field of a generated.proto message maps to JSON.</summary>
internal sealed record ProtoField(string Name, ProtoKind Kind, bool Repeated = false, ProtoMessage? Message = null);
