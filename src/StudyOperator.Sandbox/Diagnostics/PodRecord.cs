namespace StudyOperator.Sandbox.Diagnostics;

/// <summary>
/// Ground truth about one pod (commit times): when it was created, first became Ready, first became a ready
/// endpoint of a Service, was asked to terminate, last stopped being a ready endpoint, and was removed.
/// </summary>
public sealed record PodRecord(string Namespace, string Name, string Uid, DateTimeOffset Created)
{
    public DateTimeOffset? Ready { get; init; }

    public DateTimeOffset? DeletionRequested { get; init; }

    /// <summary>When an EndpointSlice first listed the pod as a ready endpoint.</summary>
    public DateTimeOffset? JoinedEndpoints { get; init; }

    /// <summary>When an EndpointSlice last stopped listing the pod as a ready endpoint (not ready, terminating or removed).</summary>
    public DateTimeOffset? LeftEndpoints { get; init; }

    public DateTimeOffset? Deleted { get; init; }
}
