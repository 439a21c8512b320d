namespace StudyOperator.Sandbox.FieldManagement;

/// <summary>One managedFields entry while it is being edited.</summary>
internal sealed class ManagedFieldsEntry(string manager, string operation, string apiVersion, string subresource, string time, HashSet<string> keys)
{
    public string Manager { get; } = manager;

    public string Operation { get; } = operation;

    public string ApiVersion { get; } = apiVersion;

    public string Subresource { get; } = subresource;

    public string Time { get; set; } = time;

    public HashSet<string> Keys { get; } = keys;

    /// <summary>As conflict.go's printManager (the identifier has no time; appliers no version).</summary>
    public string Printed
    {
        get
        {
            var text = $"\"{Manager}\"";
            if (Subresource.Length > 0)
            {
                text += $" with subresource \"{Subresource}\"";
            }

            return Operation == "Update" ? $"{text} using {ApiVersion}" : text;
        }
    }
}
