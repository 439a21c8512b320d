namespace StudyOperator.Sandbox.Node;

/// <summary>
/// A liveness or startup probe reached its failure threshold: the container must be killed and the restart
/// policy applied. <see cref="GracePeriod"/> is the probe's terminationGracePeriodSeconds when set (else the
/// pod's applies). The message is the kubelet's "Container x failed liveness probe, will be restarted".
/// </summary>
internal sealed record LivenessFailed(string Container, DateTimeOffset Time, ProbeKind Kind, TimeSpan? GracePeriod) : ContainerEvent(Container, Time)
{
    public string Message => $"Container {Container} failed {Kind.ToString().ToLowerInvariant()} probe, will be restarted";
}
