namespace StudyOperator.Sandbox.Schema.Cel;

/// <summary>The CEL <c>null</c> value.</summary>
internal sealed class CelNull
{
    public static readonly CelNull Instance = new();

    private CelNull()
    {
    }

    public override string ToString() => "null";
}
