using System.Text.Json.Nodes;

namespace StudyOperator.Sandbox.Tests.Infrastructure;

/// <summary>A Widget CRD in a test-specific group (CRDs are cluster-scoped, so each test uses its own group).</summary>
public static class Crds
{
    public static string Yaml(string group) => $$"""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.{{group}}
        spec:
          group: {{group}}
          scope: Namespaced
          names:
            plural: widgets
            singular: widget
            kind: Widget
            shortNames: [wd]
          versions:
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
              scale:
                specReplicasPath: .spec.replicas
                statusReplicasPath: .status.replicas
            selectableFields:
            - jsonPath: .spec.color
            additionalPrinterColumns:
            - name: Replicas
              type: integer
              jsonPath: .spec.replicas
            - name: Color
              type: string
              jsonPath: .spec.color
            - name: Age
              type: date
              jsonPath: .metadata.creationTimestamp
            schema:
              openAPIV3Schema:
                type: object
                description: A Widget is a test resource.
                properties:
                  spec:
                    type: object
                    description: WidgetSpec is the desired state of a Widget.
                    properties:
                      replicas:
                        type: integer
                        minimum: 0
                        maximum: 10
                        description: How many widgets to run.
                      color:
                        type: string
                        description: The colour of every widget.
                  status:
                    type: object
                    properties:
                      replicas:
                        type: integer
        """;

    public static JsonObject Json(string group) => new()
    {
        ["apiVersion"] = "apiextensions.k8s.io/v1",
        ["kind"] = "CustomResourceDefinition",
        ["metadata"] = new JsonObject { ["name"] = $"widgets.{group}" },
        ["spec"] = JsonNode.Parse("""
            {"group":"__GROUP__","scope":"Namespaced",
             "names":{"plural":"widgets","singular":"widget","kind":"Widget","shortNames":["wd"]},
             "versions":[{"name":"v1","served":true,"storage":true,
               "subresources":{"status":{},"scale":{"specReplicasPath":".spec.replicas","statusReplicasPath":".status.replicas"}},
               "selectableFields":[{"jsonPath":".spec.color"}],
               "additionalPrinterColumns":[{"name":"Replicas","type":"integer","jsonPath":".spec.replicas"},{"name":"Color","type":"string","jsonPath":".spec.color"}],
               "schema":{"openAPIV3Schema":{"type":"object","properties":{
                 "spec":{"type":"object","properties":{"replicas":{"type":"integer","minimum":0,"maximum":10},"color":{"type":"string"}}},
                 "status":{"type":"object","properties":{"replicas":{"type":"integer"}}}}}}}]}
            """.Replace("__GROUP__", group, StringComparison.Ordinal)),
    };

    public static JsonObject Widget(string group, string ns, string name, int replicas = 1, string color = "red") => new()
    {
        ["apiVersion"] = $"{group}/v1",
        ["kind"] = "Widget",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject { ["replicas"] = replicas, ["color"] = color },
    };

    private static int counter;

    public static string UniqueGroup() => $"g{Interlocked.Increment(ref counter)}{Guid.NewGuid().ToString("N")[..6]}.example.com";

    public static async Task<string> CreateAsync(SandboxFixture sandbox)
    {
        var group = UniqueGroup();
        var (code, body, _) = await sandbox.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Json(group));
        Assert.True(code == 201, body.ToJsonString());
        return group;
    }
}
