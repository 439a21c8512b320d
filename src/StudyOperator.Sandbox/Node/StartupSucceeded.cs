namespace StudyOperator.Sandbox.Node;

/// <summary>The container counts as started (<c>started: true</c>): its startup probe passed, or it has none.</summary>
internal sealed record StartupSucceeded(string Container, DateTimeOffset Time) : ContainerEvent(Container, Time);
