namespace StudyOperator.Sandbox.Schema.Cel;

/// <summary>
/// A CEL syntax tree node. Operators are calls named like cel-go's (<c>_+_</c>, <c>!_</c>, <c>_?_:_</c>).
/// Select/Has: Name is the field, Args[0] the operand. Method: Args[0] is the target.
/// Comprehension: Name is the macro, Variable the iteration variable, Args = range, then the macro's expressions.
/// </summary>
internal sealed record CelNode(CelNodeKind Kind, string Name = "", object? Value = null, IReadOnlyList<CelNode>? Args = null, string Variable = "")
{
    public IReadOnlyList<CelNode> Children => Args ?? [];
}
