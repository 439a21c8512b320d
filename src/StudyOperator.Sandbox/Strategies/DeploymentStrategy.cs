using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Strategies;

internal sealed class DeploymentStrategy : ResourceStrategy
{
    public override bool TracksGeneration => true;

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        TableColumn.Text("Ready", o => $"{o.At("status", "readyReplicas").Long() ?? 0}/{o.At("spec", "replicas").Long() ?? 0}", description: "Number of the pod with ready state"),
        TableColumn.Integer("Up-to-date", o => o.At("status", "updatedReplicas").Long(), description: "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
        TableColumn.Integer("Available", o => o.At("status", "availableReplicas").Long(), description: "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
        TableColumn.Age,
        TableColumn.Text("Containers", o => ContainerList(o, "name"), 1, "Names of each container in the template."),
        TableColumn.Text("Images", o => ContainerList(o, "image"), 1, "Images referenced by each container in the template."),
        TableColumn.Text("Selector", o => SelectorText(o.At("spec", "selector") as JsonObject), 1, "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment."),
    ];

    public override void Default(JsonObject obj)
    {
        var spec = Obj(obj, "spec");
        SetDefault(spec, "replicas", 1);
        SetDefault(spec, "revisionHistoryLimit", 10);
        SetDefault(spec, "progressDeadlineSeconds", 600);
        var strategy = Obj(spec, "strategy");
        SetDefault(strategy, "type", "RollingUpdate");
        if (strategy.Str("type") == "RollingUpdate")
        {
            var rolling = Obj(strategy, "rollingUpdate");
            SetDefault(rolling, "maxUnavailable", "25%");
            SetDefault(rolling, "maxSurge", "25%");
        }

        PodDefaults.ApplyToTemplate(obj);
    }

    /// <summary>Deployments also bump generation on annotation changes (deployment/strategy.go).</summary>
    public override bool GenerationChanged(JsonObject updated, JsonObject old) =>
        !JsonNode.DeepEquals(updated["spec"], old["spec"]) || !JsonNode.DeepEquals(updated.At("metadata", "annotations"), old.At("metadata", "annotations"));

    /// <summary>
    /// deploymentStatusStrategy.PrepareForUpdate: a <c>/status</c> write keeps the stored spec and labels but takes the
    /// rest of metadata, which is how the deployment controller records <c>deployment.kubernetes.io/revision</c>
    /// without bumping generation.
    /// </summary>
    public override JsonObject PrepareForStatusUpdate(JsonObject updated, JsonObject old)
    {
        var result = base.PrepareForStatusUpdate(updated, old);
        if (updated["metadata"] is JsonObject meta)
        {
            var taken = meta.CloneObject();
            taken.Remove("labels");
            if (old.At("metadata", "labels") is { } labels)
            {
                taken["labels"] = labels.DeepClone();
            }

            result["metadata"] = taken;
        }

        return result;
    }

    public override List<FieldError> Validate(JsonObject obj, JsonObject? old)
    {
        var errors = base.Validate(obj, old);
        WorkloadValidation.ValidateReplicasAndSelector(obj, errors);
        return errors;
    }

    internal static string ContainerList(JsonObject o, string field) =>
        o.At("spec", "template", "spec", "containers") is JsonArray c ? string.Join(",", c.Select(x => x.At(field)?.ToString())) : "";

    internal static string SelectorText(JsonObject? selector)
    {
        if (selector is null)
        {
            return "<none>";
        }

        var parts = new List<string>();
        if (selector["matchLabels"] is JsonObject labels)
        {
            parts.AddRange(labels.Select(kv => $"{kv.Key}={kv.Value}"));
        }

        if (selector["matchExpressions"] is JsonArray exprs)
        {
            foreach (var e in exprs.OfType<JsonObject>())
            {
                var values = e["values"] is JsonArray v ? string.Join(",", v.Select(x => x?.ToString())) : "";
                parts.Add(e.Str("operator") switch
                {
                    "In" => $"{e.Str("key")} in ({values})",
                    "NotIn" => $"{e.Str("key")} notin ({values})",
                    "Exists" => e.Str("key") ?? "",
                    _ => "!" + e.Str("key"),
                });
            }
        }

        return parts.Count == 0 ? "<none>" : string.Join(",", parts);
    }
}
