using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Api;

namespace StudyOperator.Sandbox.CustomResources;

/// <summary>Structural-schema behaviour for one CRD version: defaulting, pruning and validation.</summary>
internal interface ICustomResourceSchema
{
    void ApplyDefaults(JsonObject obj);

    /// <summary>Removes unknown fields in place; returns their paths (e.g. <c>spec.foo</c>).</summary>
    IReadOnlyList<string> Prune(JsonObject obj);

    IReadOnlyList<FieldError> Validate(JsonObject obj, JsonObject? old);
}
