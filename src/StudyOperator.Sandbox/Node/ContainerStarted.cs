namespace StudyOperator.Sandbox.Node;

/// <summary>A new instance runs (the kubelet's "Started" event).</summary>
internal sealed record ContainerStarted(string Container, DateTimeOffset Time, string ContainerId, int RestartCount) : ContainerEvent(Container, Time);
