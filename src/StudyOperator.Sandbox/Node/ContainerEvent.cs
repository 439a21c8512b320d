namespace StudyOperator.Sandbox.Node;

/// <summary>Something that happened to a container, for the controller that turns it into status and Events.</summary>
internal abstract record ContainerEvent(string Container, DateTimeOffset Time);
