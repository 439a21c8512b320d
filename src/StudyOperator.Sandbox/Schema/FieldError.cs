namespace StudyOperator.Sandbox.Schema;

/// <summary>
/// One metav1 StatusCause as the kube-apiserver emits it: <paramref name="Reason"/> is the cause type
/// (FieldValueInvalid, ...), <paramref name="Field"/> the dotted path, <paramref name="Message"/> the error body
/// without the field (field.Error.ErrorBody()).
/// </summary>
public sealed record FieldError(string Reason, string Field, string Message)
{
    /// <summary>The Go field.Error.Error() text: "field: message".</summary>
    public override string ToString() => $"{Field}: {Message}";
}
