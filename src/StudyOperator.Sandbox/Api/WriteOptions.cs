namespace StudyOperator.Sandbox.Api;

/// <summary>Query options of create, update and patch.</summary>
internal sealed record WriteOptions(string FieldValidation = "Warn", bool DryRun = false, string? FieldManager = null, bool Force = false)
{
    public static WriteOptions Internal { get; } = new("Ignore");
}
