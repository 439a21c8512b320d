namespace StudyOperator.Sandbox.Controllers.Workloads;

/// <summary>One object to reconcile: the controller's kind and the object's namespace and name (a work-queue key).</summary>
internal readonly record struct WorkItem(WorkloadKind Kind, string Namespace, string Name);
