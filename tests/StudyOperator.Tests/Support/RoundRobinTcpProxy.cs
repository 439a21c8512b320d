using System.Net;
using System.Net.Sockets;

namespace StudyOperator.Tests.Support;

/// <summary>
/// A tiny L4 proxy like kube-proxy: each new TCP connection goes to the next backend in turn, and the bytes of
/// that connection are piped unchanged. Listens on 127.0.0.1 with an OS-assigned port.
/// </summary>
public sealed class RoundRobinTcpProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly IReadOnlyList<IPEndPoint> backends;
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> connections = [];
    private readonly Task acceptLoop;
    private int next = -1;

    public RoundRobinTcpProxy(IReadOnlyList<IPEndPoint> backends)
    {
        if (backends.Count == 0)
            throw new ArgumentException("at least one backend", nameof(backends));
        this.backends = backends;
        listener.Start();
        acceptLoop = AcceptAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)listener.LocalEndpoint;

    public Uri Uri => new($"http://{EndPoint}/");

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref next) + 1;

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var backend = backends[(int)((uint)Interlocked.Increment(ref next) % (uint)backends.Count)];
            lock (connections)
                connections.Add(PipeAsync(client, backend));
        }
    }

    private async Task PipeAsync(Socket client, IPEndPoint backend)
    {
        using (client)
        using (var server = new Socket(backend.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true })
        {
            try
            {
                client.NoDelay = true;
                await server.ConnectAsync(backend, stop.Token);
                await Task.WhenAll(CopyAsync(client, server), CopyAsync(server, client));
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
            {
                // The backend refused or a side reset: closing the client is what kube-proxy does too.
            }
        }
    }

    private async Task CopyAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, stop.Token)) > 0)
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, stop.Token);
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // One side went away; the other copy ends when its socket closes.
            try
            {
                to.Shutdown(SocketShutdown.Both);
            }
            catch (Exception inner) when (inner is SocketException or ObjectDisposedException)
            {
                // Already closed.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await acceptLoop;
        Task[] open;
        lock (connections)
            open = [.. connections];
        await Task.WhenAll(open);
        stop.Dispose();
    }
}
