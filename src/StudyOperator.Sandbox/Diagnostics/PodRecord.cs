namespace StudyOperator.Sandbox.Diagnostics;

/// <summary>Ground truth about one pod: when it was created, first became Ready, was asked to terminate and was removed.</summary>
public sealed record PodRecord(string Namespace, string Name, string Uid, DateTimeOffset Created)
{
    public DateTimeOffset? Ready { get; init; }

    public DateTimeOffset? DeletionRequested { get; init; }

    public DateTimeOffset? Deleted { get; init; }
}
