using System.Net;

namespace StudyOperator.Sandbox.Network;

/// <summary>
/// One backend of a Service port as an EndpointSlice describes it: the pod address, the resolved target port
/// and the discovery/v1 conditions.
/// </summary>
internal sealed record ServiceEndpoint(IPAddress Address, int Port, bool Ready = true, bool Serving = true, bool Terminating = false)
{
    // An IPv4 address seen through a dual-mode socket (::ffff:a.b.c.d) is dialled as plain IPv4.
    public IPEndPoint EndPoint { get; } = new(Address.IsIPv4MappedToIPv6 ? Address.MapToIPv4() : Address, Port);

    public override string ToString() => EndPoint.ToString();
}
