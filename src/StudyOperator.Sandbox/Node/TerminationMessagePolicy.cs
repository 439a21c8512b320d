namespace StudyOperator.Sandbox.Node;

/// <summary>core/v1 <c>terminationMessagePolicy</c>.</summary>
internal enum TerminationMessagePolicy
{
    /// <summary>The message is the content of the termination message file only.</summary>
    File,

    /// <summary>When the file is empty and the container failed, the message is the tail of its log.</summary>
    FallbackToLogsOnError,
}
