namespace StudyOperator.Sandbox.Node;

/// <summary>One probe attempt: its result and, on failure, the kubelet-style explanation used in the Unhealthy event.</summary>
internal sealed record ProbeOutcome(ProbeResult Result, string Output = "")
{
    public static ProbeOutcome Success(string output = "") => new(ProbeResult.Success, output);

    public static ProbeOutcome Failure(string output) => new(ProbeResult.Failure, output);
}
