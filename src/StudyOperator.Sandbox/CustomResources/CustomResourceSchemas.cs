using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Api;

namespace StudyOperator.Sandbox.CustomResources;

/// <summary>
/// The one seam between CRD serving and the structural-schema engine (the Schema folder):
/// builds a version's <see cref="ICustomResourceSchema"/> and reports schema errors when a CRD is written.
/// </summary>
internal static class CustomResourceSchemas
{
    /// <summary>Schema errors of a CRD version, as 422 causes under <paramref name="field"/>.</summary>
    public static IReadOnlyList<FieldError> Check(JsonObject openApiV3Schema, string field)
    {
        _ = openApiV3Schema;
        _ = field;
        return [];
    }

    /// <summary>The behaviour of a version's schema, or null when the version has none.</summary>
    public static ICustomResourceSchema? Create(JsonObject? openApiV3Schema)
    {
        _ = openApiV3Schema;
        return null;
    }
}
