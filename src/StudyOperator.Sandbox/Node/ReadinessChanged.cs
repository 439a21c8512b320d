namespace StudyOperator.Sandbox.Node;

/// <summary>The container's readiness flipped; the pod's Ready condition and the Service endpoints follow it.</summary>
internal sealed record ReadinessChanged(string Container, DateTimeOffset Time, bool Ready) : ContainerEvent(Container, Time);
