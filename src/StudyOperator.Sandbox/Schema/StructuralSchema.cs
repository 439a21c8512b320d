using System.Text.Json.Nodes;

namespace StudyOperator.Sandbox.Schema;

/// <summary>
/// A CRD structural schema (apiextensions.k8s.io/v1 openAPIV3Schema) that validates, defaults and prunes custom
/// resources the way the kube-apiserver does.
/// </summary>
public sealed class StructuralSchema
{
    private readonly SchemaNode _root;

    private StructuralSchema(SchemaNode root) => _root = root;

    /// <summary>Parses the schema; throws <see cref="SchemaException"/> naming the problem when it is not structural or a CEL rule does not compile.</summary>
    public static StructuralSchema Parse(JsonNode openApiV3Schema) => new(SchemaParser.Parse(openApiV3Schema));

    /// <summary>Applies schema defaults in place (absent or non-nullable null fields; recursively, also in items and maps).</summary>
    public void ApplyDefaults(JsonNode value) => Defaulter.Apply(value, _root);

    /// <summary>Removes fields unknown to the schema in place; returns their paths (sorted), e.g. "spec.foo".</summary>
    public IReadOnlyList<string> Prune(JsonNode value) => Pruner.PruneRoot(value, _root);

    /// <summary>OpenAPI validation, list-type uniqueness, then CEL rules; <paramref name="oldValue"/> enables transition rules.</summary>
    public IReadOnlyList<FieldError> Validate(JsonNode? value, JsonNode? oldValue = null)
    {
        var errors = new List<FieldError>();
        OpenApiValidator.Validate(value, _root, "", errors, isRoot: true);
        ListTypeValidator.Validate(value, _root, "", errors);
        CelRuleValidator.Validate(value, oldValue, _root, "", errors);
        return errors;
    }
}
