namespace StudyOperator.Sandbox.Node;

/// <summary>The outcome of one probe attempt.</summary>
internal enum ProbeResult
{
    Success,
    Failure,
}
