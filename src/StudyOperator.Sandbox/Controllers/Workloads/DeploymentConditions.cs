using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Controllers.Workloads;

/// <summary>pkg/controller/deployment/util's condition helpers on a status object being built.</summary>
internal static class DeploymentConditions
{
    public static JsonObject New(string type, string status, string reason, string message, string now) => new()
    {
        ["type"] = type,
        ["status"] = status,
        ["lastUpdateTime"] = now,
        ["lastTransitionTime"] = now,
        ["reason"] = reason,
        ["message"] = message,
    };

    public static JsonObject? Get(JsonObject? status, string type) =>
        (status?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c.Str("type") == type);

    /// <summary>SetDeploymentCondition: same status and reason keeps the old one; same status keeps lastTransitionTime; the new one goes last.</summary>
    public static void Set(JsonObject status, JsonObject condition)
    {
        var current = Get(status, condition.Str("type")!);
        if (current is not null && current.Str("status") == condition.Str("status") && current.Str("reason") == condition.Str("reason"))
        {
            return;
        }

        if (current is not null && current.Str("status") == condition.Str("status"))
        {
            condition["lastTransitionTime"] = current["lastTransitionTime"]?.DeepClone();
        }

        Remove(status, condition.Str("type")!);
        if (status["conditions"] is not JsonArray conditions)
        {
            conditions = [];
            status["conditions"] = conditions;
        }

        conditions.Add(condition);
    }

    public static void Remove(JsonObject status, string type)
    {
        if (status["conditions"] is not JsonArray conditions)
        {
            return;
        }

        var kept = conditions.OfType<JsonObject>().Where(c => c.Str("type") != type).Select(c => (JsonNode?)c.DeepClone()).ToArray();
        status["conditions"] = new JsonArray(kept);
    }
}
