namespace StudyOperator.Sandbox.Node;

/// <summary>One failed probe attempt (the kubelet's "Unhealthy" warning: "Readiness probe failed: ...").</summary>
internal sealed record ProbeFailed(string Container, DateTimeOffset Time, ProbeKind Kind, string Output) : ContainerEvent(Container, Time)
{
    public string Message => $"{Kind} probe failed: {Output}";
}
