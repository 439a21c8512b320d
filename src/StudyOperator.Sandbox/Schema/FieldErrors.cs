namespace StudyOperator.Sandbox.Schema;

/// <summary>Builds field errors with the exact texts of k8s.io/apimachinery/pkg/util/validation/field.</summary>
public static class FieldErrors
{
    public const string Invalid = "FieldValueInvalid";
    public const string Required = "FieldValueRequired";
    public const string NotSupported = "FieldValueNotSupported";
    public const string TypeInvalid = "FieldValueTypeInvalid";
    public const string TooLong = "FieldValueTooLong";
    public const string TooMany = "FieldValueTooMany";
    public const string Duplicate = "FieldValueDuplicate";
    public const string Forbidden = "FieldValueForbidden";

    /// <summary>
    /// The Status message of a 422 Invalid error (errors.NewInvalid): <c>Kind.group "name" is invalid: ...</c>,
    /// with the aggregate's de-duplication and its single-error / <c>[a, b]</c> forms.
    /// </summary>
    public static string ToStatusMessage(string kind, string group, string name, IEnumerable<FieldError> errors)
    {
        var qualified = string.IsNullOrEmpty(group) ? kind : $"{kind}.{group}";
        var texts = errors.Select(e => e.ToString()).Distinct(StringComparer.Ordinal).ToList();
        var head = $"{qualified} {GoFormat.Quote(name)} is invalid";
        return texts.Count switch
        {
            0 => head,
            1 => $"{head}: {texts[0]}",
            _ => $"{head}: [{string.Join(", ", texts)}]",
        };
    }

    /// <summary>
    /// The 400 message for fieldValidation=Strict (runtime.NewStrictDecodingError):
    /// <c>strict decoding error: unknown field "spec.foo", unknown field "spec.bar"</c>.
    /// For fieldValidation=Warn each <see cref="UnknownField"/> text is a warning of its own.
    /// </summary>
    public static string ToStrictDecodingMessage(IEnumerable<string> unknownFieldPaths) =>
        "strict decoding error: " + string.Join(", ", unknownFieldPaths.Select(UnknownField));

    /// <summary>One unknown-field text: <c>unknown field "spec.foo"</c>.</summary>
    public static string UnknownField(string path) => $"unknown field {GoFormat.Quote(path)}";

    internal static FieldError MakeInvalid(string field, object? value, string detail) =>
        new(Invalid, field, WithDetail($"Invalid value: {GoFormat.Value(value)}", detail));

    internal static FieldError MakeTypeInvalid(string field, object? value, string detail) =>
        new(TypeInvalid, field, WithDetail($"Invalid value: {GoFormat.Value(value)}", detail));

    internal static FieldError MakeRequired(string field, string detail = "") =>
        new(Required, field, WithDetail("Required value", detail));

    internal static FieldError MakeForbidden(string field, string detail) =>
        new(Forbidden, field, WithDetail("Forbidden", detail));

    internal static FieldError MakeDuplicate(string field, object? value) =>
        new(Duplicate, field, $"Duplicate value: {GoFormat.Value(value)}");

    internal static FieldError MakeNotSupported(string field, object? value, IEnumerable<string> validValues)
    {
        var quoted = validValues.Select(GoFormat.Quote).ToList();
        var detail = quoted.Count > 0 ? "supported values: " + string.Join(", ", quoted) : "";
        return new(NotSupported, field, WithDetail($"Unsupported value: {GoFormat.Value(value)}", detail));
    }

    // field.TooLong in current apimachinery; the value itself is never shown.
    internal static FieldError MakeTooLong(string field, long maxLength) =>
        new(TooLong, field, maxLength >= 0
            ? $"Too long: may not be more than {maxLength} {(maxLength == 1 ? "byte" : "bytes")}"
            : "Too long: value is too long");

    internal static FieldError MakeTooMany(string field, long actual, long max)
    {
        var detail = max >= 0 ? $"must have at most {max} items" : "has too many items";
        return new(TooMany, field, actual >= 0 ? $"Too many: {actual}: {detail}" : $"Too many: {detail}");
    }

    private static string WithDetail(string body, string detail) => detail.Length == 0 ? body : $"{body}: {detail}";
}
