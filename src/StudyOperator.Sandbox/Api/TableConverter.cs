using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Registry;

namespace StudyOperator.Sandbox.Api;

/// <summary>Builds meta.k8s.io/v1 Tables (handlers/response.go) and PartialObjectMetadata from served objects.</summary>
internal static class TableConverter
{
    public static JsonObject ToTable(ResourceType type, IEnumerable<JsonObject> objects, string? includeObject, DateTimeOffset now, string resourceVersion, string? continueToken)
    {
        var columns = new JsonArray();
        foreach (var c in type.Strategy.Columns)
        {
            columns.Add(new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Format,
                ["description"] = c.Description,
                ["priority"] = c.Priority,
            });
        }

        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var cells = new JsonArray();
            foreach (var c in type.Strategy.Columns)
            {
                cells.Add(c.Cell(obj, now));
            }

            var row = new JsonObject { ["cells"] = cells };
            switch (includeObject)
            {
                case "None":
                    break;
                case "Object":
                    row["object"] = obj.DeepClone();
                    break;
                default:
                    row["object"] = PartialMetadata(type, obj);
                    break;
            }

            rows.Add(row);
        }

        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion };
        if (!string.IsNullOrEmpty(continueToken))
        {
            metadata["continue"] = continueToken;
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["columnDefinitions"] = columns,
            ["rows"] = rows,
        };
    }

    public static JsonObject PartialMetadata(ResourceType type, JsonObject obj) => new()
    {
        ["kind"] = "PartialObjectMetadata",
        ["apiVersion"] = "meta.k8s.io/v1",
        ["metadata"] = obj["metadata"]?.DeepClone(),
    };

    public static JsonObject PartialMetadataList(ResourceType type, IEnumerable<JsonObject> objects, string resourceVersion, string? continueToken)
    {
        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion };
        if (!string.IsNullOrEmpty(continueToken))
        {
            metadata["continue"] = continueToken;
        }

        return new JsonObject
        {
            ["kind"] = "PartialObjectMetadataList",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["items"] = new JsonArray(objects.Select(o => (JsonNode?)PartialMetadata(type, o)).ToArray()),
        };
    }
}
