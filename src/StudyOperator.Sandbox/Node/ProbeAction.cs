namespace StudyOperator.Sandbox.Node;

/// <summary>What a probe does: an HTTP GET or a TCP connect (exec and gRPC probes are not simulated).</summary>
internal abstract record ProbeAction;
