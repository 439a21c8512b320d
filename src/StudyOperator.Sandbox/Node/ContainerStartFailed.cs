namespace StudyOperator.Sandbox.Node;

/// <summary>The container could not be started (the kubelet's "Failed" warning).</summary>
internal sealed record ContainerStartFailed(string Container, DateTimeOffset Time, string Message) : ContainerEvent(Container, Time);
