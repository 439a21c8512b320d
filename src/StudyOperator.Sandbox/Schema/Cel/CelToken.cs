namespace StudyOperator.Sandbox.Schema.Cel;

internal sealed record CelToken(CelTokenKind Kind, string Text, object? Value, int Position);
