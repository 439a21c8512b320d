namespace StudyOperator.Api.Schema;

/// <summary>
/// Bounds <c>metadata.name</c> for a kind whose name flows into names of other objects,
/// checked by a CEL rule at the root of the schema.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class MetadataNameRuleAttribute(string pattern, int maxLength, string message) : Attribute
{
    public string Pattern { get; } = pattern;

    public int MaxLength { get; } = maxLength;

    public string Message { get; } = message;
}
