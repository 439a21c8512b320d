namespace StudyOperator.Sandbox.Api;

/// <summary>One validation failure: the StatusCause reason, the field path and the cause message (without the field).</summary>
internal sealed record FieldError(string Reason, string Field, string Message)
{
    public static FieldError Required(string field, string detail = "") =>
        new("FieldValueRequired", field, detail.Length == 0 ? "Required value" : $"Required value: {detail}");

    public static FieldError Invalid(string field, string renderedValue, string detail) =>
        new("FieldValueInvalid", field, $"Invalid value: {renderedValue}: {detail}");

    public static FieldError Forbidden(string field, string detail) => new("FieldValueForbidden", field, $"Forbidden: {detail}");
}
