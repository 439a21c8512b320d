namespace StudyOperator.Sandbox.Node;

/// <summary>An IntOrString port as probes use it: a number, or the name of one of the container's ports.</summary>
internal sealed record PortReference
{
    private PortReference(int? number, string? name)
    {
        Number = number;
        Name = name;
    }

    public int? Number { get; }

    public string? Name { get; }

    public static PortReference FromNumber(int number) =>
        number is > 0 and <= 65535 ? new(number, null) : throw new ArgumentOutOfRangeException(nameof(number), number, "A port is 1-65535.");

    public static PortReference FromName(string name) => new(null, name);

    /// <summary>The port number; a name is looked up in the container's named ports, as the kubelet does.</summary>
    public int? Resolve(IReadOnlyDictionary<string, int> namedPorts) =>
        Number ?? (namedPorts.TryGetValue(Name!, out var port) ? port : null);

    public override string ToString() => Number?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Name!;
}
