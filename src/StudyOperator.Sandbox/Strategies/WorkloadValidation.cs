using System.Globalization;
using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Selectors;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Strategies;

/// <summary>Checks shared by Deployments and ReplicaSets (apps validation.go).</summary>
internal static class WorkloadValidation
{
    public static void ValidateReplicasAndSelector(JsonObject obj, List<FieldError> errors)
    {
        if (obj.At("spec", "replicas").Long() is { } replicas && replicas < 0)
        {
            errors.Add(FieldError.Invalid("spec.replicas", replicas.ToString(CultureInfo.InvariantCulture), "must be greater than or equal to 0"));
        }

        if (obj.At("spec", "selector") is not JsonObject selector)
        {
            errors.Add(FieldError.Required("spec.selector"));
            return;
        }

        var templateLabels = obj.At("spec", "template", "metadata", "labels") as JsonObject;
        if (!LabelSelector.FromObject(selector).Matches(templateLabels))
        {
            errors.Add(FieldError.Invalid("spec.template.metadata.labels",
                "map[string]string{" + string.Join(", ", (templateLabels ?? []).Select(kv => $"\"{kv.Key}\":\"{kv.Value}\"")) + "}",
                "`selector` does not match template `labels`"));
        }

        if (obj.At("spec", "template", "spec", "containers") is not JsonArray { Count: > 0 })
        {
            errors.Add(FieldError.Required("spec.template.spec.containers"));
        }
    }
}
