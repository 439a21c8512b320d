namespace StudyOperator.Sandbox.Node;

/// <summary>The container waits in CrashLoopBackOff (the kubelet's "BackOff" warning: "Back-off restarting failed container").</summary>
internal sealed record ContainerBackOff(string Container, DateTimeOffset Time, TimeSpan Period, DateTimeOffset RestartAt) : ContainerEvent(Container, Time);
