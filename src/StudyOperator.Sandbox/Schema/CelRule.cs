using StudyOperator.Sandbox.Schema.Cel;

namespace StudyOperator.Sandbox.Schema;

/// <summary>One compiled entry of x-kubernetes-validations.</summary>
internal sealed record CelRule(
    string Rule,
    CelNode Program,
    string Message,
    CelNode? MessageExpression,
    string? Reason,
    string FieldPath,
    bool UsesOldSelf);
