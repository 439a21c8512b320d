using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace StudyOperator.Sandbox.Network;

internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Service proxy listening on {ListenEndPoint}")]
    public static partial void ProxyListening(ILogger logger, IPEndPoint listenEndPoint);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Service proxy {ListenEndPoint} rejected a connection: no ready endpoints")]
    public static partial void ProxyRejected(ILogger logger, IPEndPoint listenEndPoint);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Service proxy {ListenEndPoint} could not reach endpoint {Endpoint}: {Error}")]
    public static partial void ProxyEndpointUnreachable(ILogger logger, IPEndPoint listenEndPoint, IPEndPoint endpoint, SocketError error);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Debug, Message = "Service proxy {ListenEndPoint} connection ended with a socket error: {Error}")]
    public static partial void ProxyConnectionError(ILogger logger, IPEndPoint listenEndPoint, SocketError error);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Service proxy {ListenEndPoint} endpoints updated: {Ready} ready of {Total}")]
    public static partial void ProxyEndpointsUpdated(ILogger logger, IPEndPoint listenEndPoint, int ready, int total);
}
