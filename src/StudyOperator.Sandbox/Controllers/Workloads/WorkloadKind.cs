namespace StudyOperator.Sandbox.Controllers.Workloads;

internal enum WorkloadKind
{
    Deployment,
    ReplicaSet,
    Job,
}
