using System.Text.Json.Nodes;
using StudyOperator.Api.Schema;
using StudyOperator.Api.V1Alpha1;

namespace StudyOperator.Manifests;

/// <summary>
/// Generates the StudyLab CustomResourceDefinition from the C# API types, so the CRD can never
/// drift from the code that reads and writes StudyLabs (`make manifests` writes it to config/crd).
/// </summary>
internal static class CrdGenerator
{
    public const string FileName = "labs.study.dev_studylabs.yaml";

    public static JsonObject Generate()
    {
        var labType = typeof(V1Alpha1StudyLab);
        return new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{StudyLabGroup.Plural}.{StudyLabGroup.Group}",
                // Helm must never delete the CRD on uninstall: that would delete every lab with it.
                ["annotations"] = new JsonObject { ["helm.sh/resource-policy"] = "keep" },
                ["labels"] = new JsonObject { ["app.kubernetes.io/part-of"] = "study-operator" },
            },
            ["spec"] = new JsonObject
            {
                ["group"] = StudyLabGroup.Group,
                ["names"] = new JsonObject
                {
                    ["kind"] = StudyLabGroup.Kind,
                    ["listKind"] = StudyLabGroup.ListKind,
                    ["plural"] = StudyLabGroup.Plural,
                    ["singular"] = StudyLabGroup.Singular,
                    ["shortNames"] = new JsonArray(StudyLabGroup.ShortName),
                    ["categories"] = new JsonArray(StudyLabGroup.Category),
                },
                ["scope"] = "Namespaced",
                ["versions"] = new JsonArray(new JsonObject
                {
                    ["name"] = StudyLabGroup.Version,
                    ["served"] = true,
                    ["storage"] = true,
                    ["subresources"] = new JsonObject { ["status"] = new JsonObject() },
                    ["additionalPrinterColumns"] = PrinterColumns(labType),
                    ["schema"] = new JsonObject { ["openAPIV3Schema"] = SchemaBuilder.ForRoot(labType) },
                }),
            },
        };
    }

    private static JsonArray PrinterColumns(Type type)
    {
        var columns = new JsonArray();
        foreach (var column in type.GetCustomAttributes(typeof(PrinterColumnAttribute), false).Cast<PrinterColumnAttribute>())
        {
            var entry = new JsonObject
            {
                ["name"] = column.Name,
                ["type"] = column.Type,
                ["jsonPath"] = column.JsonPath,
                ["description"] = column.Description,
            };
            if (column.Priority != 0)
            {
                entry["priority"] = column.Priority;
            }

            columns.Add(entry);
        }

        return columns;
    }
}
