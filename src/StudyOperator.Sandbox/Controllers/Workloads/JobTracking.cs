namespace StudyOperator.Sandbox.Controllers.Workloads;

/// <summary>
/// What the Job controller has counted for one Job: the finished pods already added to succeeded/failed and the
/// back-off record (failures since the last success, when the last one finished). Kubernetes keeps this with the
/// <c>batch.kubernetes.io/job-tracking</c> pod finalizer and <c>uncountedTerminatedPods</c>; the sandbox's controller
/// lives as long as its store, so it keeps it in memory.
/// </summary>
internal sealed class JobTracking
{
    public HashSet<string> Counted { get; } = new(StringComparer.Ordinal);

    public int FailuresAfterLastSuccess { get; set; }

    public DateTimeOffset? LastFailure { get; set; }
}
