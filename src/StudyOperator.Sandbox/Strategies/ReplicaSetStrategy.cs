using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Strategies;

internal sealed class ReplicaSetStrategy : ResourceStrategy
{
    public override bool TracksGeneration => true;

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        TableColumn.Integer("Desired", o => o.At("spec", "replicas").Long(), description: "Number of desired pods."),
        TableColumn.Integer("Current", o => o.At("status", "replicas").Long(), description: "Number of actual replicas."),
        TableColumn.Integer("Ready", o => o.At("status", "readyReplicas").Long(), description: "The number of ready replicas for this replica set."),
        TableColumn.Age,
        TableColumn.Text("Containers", o => DeploymentStrategy.ContainerList(o, "name"), 1, "Names of each container in the template."),
        TableColumn.Text("Images", o => DeploymentStrategy.ContainerList(o, "image"), 1, "Images referenced by each container in the template."),
        TableColumn.Text("Selector", o => DeploymentStrategy.SelectorText(o.At("spec", "selector") as JsonObject), 1, "Label selector for pods."),
    ];

    public override void Default(JsonObject obj)
    {
        var spec = Obj(obj, "spec");
        SetDefault(spec, "replicas", 1);
        PodDefaults.ApplyToTemplate(obj);
    }

    public override List<FieldError> Validate(JsonObject obj, JsonObject? old)
    {
        var errors = base.Validate(obj, old);
        WorkloadValidation.ValidateReplicasAndSelector(obj, errors);
        return errors;
    }
}
