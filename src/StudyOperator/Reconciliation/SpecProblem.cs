namespace StudyOperator.Reconciliation;

/// <summary>A spec mistake found in code: the field it concerns and a sentence saying what is wrong.</summary>
internal sealed record SpecProblem(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
