namespace StudyOperator.Api.Schema;

/// <summary>An <c>additionalPrinterColumns</c> entry: what <c>kubectl get</c> shows for the annotated kind.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class PrinterColumnAttribute(string name, string type, string jsonPath, string description) : Attribute
{
    public string Name { get; } = name;

    public string Type { get; } = type;

    public string JsonPath { get; } = jsonPath;

    public string Description { get; } = description;

    public int Priority { get; init; }
}
