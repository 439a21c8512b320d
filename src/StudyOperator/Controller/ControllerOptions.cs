namespace StudyOperator.Controller;

/// <summary>Settings of a <see cref="Controller{T}"/>.</summary>
internal sealed class ControllerOptions
{
    /// <summary>Names the controller in logs, metrics and spans, e.g. "studylab".</summary>
    public required string Name { get; init; }

    /// <summary>Keys reconciled in parallel; one key is never reconciled twice at the same time.</summary>
    public int Workers { get; init; } = 2;

    public WorkQueueOptions Queue { get; init; } = new();

    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Name);
        ArgumentOutOfRangeException.ThrowIfLessThan(Workers, 1);
        Queue.Validate();
    }
}
