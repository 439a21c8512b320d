using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Schema;

namespace StudyOperator.Sandbox.CustomResources;

/// <summary>Adapts <see cref="StructuralSchema"/> to the CRD serving seam, converting its field errors.</summary>
internal sealed class StructuralSchemaAdapter(StructuralSchema schema) : ICustomResourceSchema
{
    public void ApplyDefaults(JsonObject obj) => schema.ApplyDefaults(obj);

    public IReadOnlyList<string> Prune(JsonObject obj) => schema.Prune(obj);

    public IReadOnlyList<Api.FieldError> Validate(JsonObject obj, JsonObject? old) =>
        schema.Validate(obj, old).Select(e => new Api.FieldError(e.Reason, e.Field, e.Message)).ToList();
}
