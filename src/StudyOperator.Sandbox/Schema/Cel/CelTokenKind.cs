namespace StudyOperator.Sandbox.Schema.Cel;

internal enum CelTokenKind
{
    End,
    Ident,
    Int,
    Uint,
    Double,
    String,
    Punct,
}
