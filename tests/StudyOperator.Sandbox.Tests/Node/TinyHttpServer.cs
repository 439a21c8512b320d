using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StudyOperator.Sandbox.Tests.Node;

/// <summary>
/// A minimal HTTP/1.1 server on a loopback address and an OS-assigned port: it answers every request with
/// <see cref="StatusCode"/> and its <see cref="Name"/> as the body, then closes the connection.
/// </summary>
internal sealed class TinyHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public TinyHttpServer(string address, string name)
    {
        Name = name;
        _listener = new TcpListener(IPAddress.Parse(address), 0);
        _listener.Start(1024);
        EndPoint = (IPEndPoint)_listener.LocalEndpoint;
        _loop = AcceptLoopAsync();
    }

    public string Name { get; }

    public IPEndPoint EndPoint { get; }

    public volatile int StatusCode = 200;

    /// <summary>When set, requests are read but never answered (for timeouts).</summary>
    public volatile bool Hang;

    public int Requests => Volatile.Read(ref _requests);

    public string? LastRequestHead { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                var head = new StringBuilder();
                var buffer = new byte[4096];
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await socket.ReceiveAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }
                    head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }
                LastRequestHead = head.ToString();
                Interlocked.Increment(ref _requests);
                if (Hang)
                {
                    await Cancellation.UntilCancelled(_stop.Token);
                }
                var body = Encoding.UTF8.GetBytes(Name);
                var response = Encoding.ASCII.GetBytes($"HTTP/1.1 {StatusCode} X\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
                await socket.SendAsync(response.Concat(body).ToArray(), _stop.Token);
                socket.Shutdown(SocketShutdown.Send);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
            }
            catch (SocketException)
            {
                // A client that goes away mid-request is not this server's problem.
            }
        }
    }
}
