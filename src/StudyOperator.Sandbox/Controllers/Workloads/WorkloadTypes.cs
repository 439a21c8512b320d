using StudyOperator.Sandbox.Registry;

namespace StudyOperator.Sandbox.Controllers.Workloads;

internal sealed record WorkloadTypes(ResourceType Deployments, ResourceType ReplicaSets, ResourceType Pods, ResourceType Jobs)
{
    public static WorkloadTypes From(ResourceRegistry registry) => new(
        registry.Get("apps", "v1", "deployments"),
        registry.Get("apps", "v1", "replicasets"),
        registry.Get("", "v1", "pods"),
        registry.Get("batch", "v1", "jobs"));
}
