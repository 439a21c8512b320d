using System.Net;
using System.Net.Sockets;

namespace StudyOperator.Tests.Support;

/// <summary>For the rare case a port must be known before a process binds it (prefer port 0 everywhere else).</summary>
public static class FreePort
{
    public static int On(IPAddress address)
    {
        var listener = new TcpListener(address, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
