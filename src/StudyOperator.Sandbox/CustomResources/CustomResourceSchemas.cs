using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Schema;

namespace StudyOperator.Sandbox.CustomResources;

/// <summary>
/// The one seam between CRD serving and the structural-schema engine (<see cref="StructuralSchema"/>):
/// builds a version's <see cref="ICustomResourceSchema"/> and reports schema errors when a CRD is written.
/// </summary>
internal static class CustomResourceSchemas
{
    /// <summary>Schema errors of a CRD version, as 422 causes under <paramref name="field"/>.</summary>
    public static IReadOnlyList<Api.FieldError> Check(JsonObject openApiV3Schema, string field)
    {
        try
        {
            StructuralSchema.Parse(openApiV3Schema);
            return [];
        }
        catch (SchemaException e)
        {
            return [new Api.FieldError("FieldValueInvalid", field, e.Message)];
        }
    }

    /// <summary>The behaviour of a version's schema, or null when the version has none (or it does not parse, which CRD validation refuses).</summary>
    public static ICustomResourceSchema? Create(JsonObject? openApiV3Schema)
    {
        if (openApiV3Schema is null)
        {
            return null;
        }

        try
        {
            return new StructuralSchemaAdapter(StructuralSchema.Parse(openApiV3Schema));
        }
        catch (SchemaException)
        {
            return null;
        }
    }
}
