namespace StudyOperator.Sandbox.Node;

/// <summary>core/v1 TCPSocketAction: success when a TCP connection can be opened.</summary>
internal sealed record TcpSocketAction(PortReference Port, string? Host = null) : ProbeAction;
