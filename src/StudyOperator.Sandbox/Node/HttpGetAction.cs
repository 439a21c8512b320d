namespace StudyOperator.Sandbox.Node;

/// <summary>core/v1 HTTPGetAction. <see cref="Host"/> defaults to the pod IP.</summary>
internal sealed record HttpGetAction(
    string Path,
    PortReference Port,
    string Scheme = "HTTP",
    string? Host = null,
    IReadOnlyList<KeyValuePair<string, string>>? Headers = null) : ProbeAction;
