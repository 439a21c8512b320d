using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace StudyOperator.Sandbox.Schema;

/// <summary>One parsed node of a structural schema (the keywords Kubernetes honours; description etc. dropped).</summary>
internal sealed record SchemaNode
{
    public string Type { get; init; } = "";
    public bool Nullable { get; init; }
    public string Format { get; init; } = "";
    public IReadOnlyDictionary<string, SchemaNode>? Properties { get; init; }
    public SchemaNode? AdditionalProperties { get; init; }
    public bool AdditionalPropertiesForbidden { get; init; }
    public SchemaNode? Items { get; init; }
    public IReadOnlyList<string> Required { get; init; } = [];
    public JsonNode? Default { get; init; }
    public bool HasDefault { get; init; }
    public IReadOnlyList<JsonNode?>? Enum { get; init; }
    public double? Minimum { get; init; }
    public double? Maximum { get; init; }
    public bool ExclusiveMinimum { get; init; }
    public bool ExclusiveMaximum { get; init; }
    public double? MultipleOf { get; init; }
    public long? MinLength { get; init; }
    public long? MaxLength { get; init; }
    public long? MinItems { get; init; }
    public long? MaxItems { get; init; }
    public long? MinProperties { get; init; }
    public long? MaxProperties { get; init; }
    public bool UniqueItems { get; init; }
    public string? PatternText { get; init; }
    public Regex? Pattern { get; init; }
    public bool PreserveUnknownFields { get; init; }
    public bool IntOrString { get; init; }
    public bool EmbeddedResource { get; init; }
    public string? ListType { get; init; }
    public IReadOnlyList<string> ListMapKeys { get; init; } = [];
    public IReadOnlyList<SchemaNode> AllOf { get; init; } = [];
    public IReadOnlyList<SchemaNode> AnyOf { get; init; } = [];
    public IReadOnlyList<SchemaNode> OneOf { get; init; } = [];
    public SchemaNode? Not { get; init; }
    public IReadOnlyList<CelRule> Rules { get; init; } = [];
}
