namespace StudyOperator.Api.Schema;

/// <summary>A CEL <c>x-kubernetes-validations</c> rule the API server evaluates against the annotated object.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true)]
public sealed class CelRuleAttribute(string rule, string message) : Attribute
{
    public string Rule { get; } = rule;

    public string Message { get; } = message;

    /// <summary>Relative JSON path (e.g. <c>.app.replicas</c>) the failure is reported on.</summary>
    public string? FieldPath { get; init; }
}
