namespace StudyOperator.Sandbox.FieldManagement;

/// <summary>Which fields a write covers (main resource or status) and how lists are keyed.</summary>
internal sealed record FieldScope(string ApiVersion, string Subresource, bool KeyedLists, bool HasStatus)
{
    public bool StatusOnly => Subresource == "status";
}
