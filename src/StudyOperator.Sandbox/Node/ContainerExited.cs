namespace StudyOperator.Sandbox.Node;

/// <summary>An instance ended; <paramref name="WillRestart"/> tells whether the restart policy brings it back.</summary>
internal sealed record ContainerExited(string Container, DateTimeOffset Time, ContainerStateTerminated Terminated, bool WillRestart) : ContainerEvent(Container, Time);
