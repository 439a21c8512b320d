namespace StudyOperator.Sandbox.Api;

/// <summary>Query options of create, update and patch.</summary>
internal sealed record WriteOptions(string FieldValidation = "Warn", bool DryRun = false, string? FieldManager = null, bool Force = false)
{
    /// <summary>The manager recorded in managedFields: <c>fieldManager</c>, else the User-Agent's prefix; null for internal writes.</summary>
    public string? Manager { get; init; }

    /// <summary>Records the managedFields entry as this subresource and API version (writes through <c>/scale</c>).</summary>
    public (string Subresource, string ApiVersion)? RecordAs { get; init; }

    /// <summary>Set when the write is a server-side apply that creates the object: the applied configuration.</summary>
    public System.Text.Json.Nodes.JsonObject? ApplyConfig { get; init; }

    /// <summary>
    /// Create and update decode the body (handlers' transformDecodeError): strict errors read
    /// <c>Kind in version "v" cannot be handled as a Kind: strict decoding error: …</c>; patches have no prefix.
    /// </summary>
    public bool DecodesBody { get; init; }

    public static WriteOptions Internal { get; } = new("Ignore");
}
