using System.Text.Json.Nodes;

namespace StudyOperator.Sandbox.Tests.Infrastructure;

public static class Objects
{
    public static JsonObject Deployment(string ns, string name, int replicas = 1) => JsonNode.Parse("""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"__NAME__","namespace":"__NS__","labels":{"app":"__NAME__"}},
         "spec":{"replicas":__REPLICAS__,"selector":{"matchLabels":{"app":"__NAME__"}},
           "template":{"metadata":{"labels":{"app":"__NAME__"}},"spec":{"containers":[
             {"name":"main","image":"nginx:1.25","ports":[{"containerPort":80}],"env":[{"name":"A","value":"1"}]},
             {"name":"side","image":"busybox:1.36"}]}}}}
        """.Replace("__NAME__", name, StringComparison.Ordinal).Replace("__NS__", ns, StringComparison.Ordinal).Replace("__REPLICAS__", replicas.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))!.AsObject();

    public static JsonObject ConfigMap(string ns, string name, JsonObject? labels = null, JsonArray? ownerReferences = null, JsonArray? finalizers = null)
    {
        var meta = new JsonObject { ["name"] = name, ["namespace"] = ns };
        if (labels is not null)
        {
            meta["labels"] = labels;
        }

        if (ownerReferences is not null)
        {
            meta["ownerReferences"] = ownerReferences;
        }

        if (finalizers is not null)
        {
            meta["finalizers"] = finalizers;
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = meta, ["data"] = new JsonObject { ["k"] = "v" } };
    }

    public static JsonObject OwnerRef(JsonObject owner, bool controller = false, bool block = false) => new()
    {
        ["apiVersion"] = owner["apiVersion"]!.GetValue<string>(),
        ["kind"] = owner["kind"]!.GetValue<string>(),
        ["name"] = owner["metadata"]!["name"]!.GetValue<string>(),
        ["uid"] = owner["metadata"]!["uid"]!.GetValue<string>(),
        ["controller"] = controller,
        ["blockOwnerDeletion"] = block,
    };
}
