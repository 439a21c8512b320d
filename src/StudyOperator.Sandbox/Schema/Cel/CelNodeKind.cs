namespace StudyOperator.Sandbox.Schema.Cel;

internal enum CelNodeKind
{
    Literal,
    Ident,
    Select,
    Has,
    Index,
    Call,
    Method,
    List,
    Map,
    Comprehension,
}
