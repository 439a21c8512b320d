using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StudyOperator.Sandbox.Network;

/// <summary>
/// A kube-proxy-like L4 (TCP) proxy for one Service port: it listens on clusterIP:port and sends every new
/// connection to one endpoint picked uniformly at random, as kube-proxy's iptables mode does with its
/// <c>statistic --mode random</c> rules. Balancing is per connection, never per request.
/// </summary>
/// <remarks>
/// <para>Endpoint choice follows kube-proxy: ready endpoints; when there are none, endpoints that are serving
/// and terminating (ProxyTerminatingEndpoints, GA in 1.28); when there are none of those either the connection
/// is rejected.</para>
/// <para>kube-proxy rejects with an iptables REJECT rule, so a real client gets "connection refused" from
/// connect(). Here the listener stays open (the endpoint set changes at runtime without rebinding), so a
/// rejected connection is accepted and immediately reset (SO_LINGER 0): the client sees ECONNRESET on its
/// first read or write instead of ECONNREFUSED. Either way the request fails fast and no byte is answered.</para>
/// <para>An endpoint that refuses the proxied connection makes the client connection reset too, which is what
/// a DNAT'ed SYN answered with RST looks like to the client.</para>
/// </remarks>
internal sealed class ServiceProxy : IAsyncDisposable
{
    private const int BufferSize = 16 * 1024;

    private readonly ILogger _logger;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly ConcurrentDictionary<IPEndPoint, Counter> _perEndpoint = new();
    private readonly ConcurrentDictionary<Task, byte> _handlers = new();
    private volatile ServiceEndpoint[] _candidates = [];
    private Task _acceptLoop = Task.CompletedTask;
    private long _rejected;
    private int _disposed;

    /// <summary>Binds clusterIP:port at once so a port-0 caller can read <see cref="LocalEndPoint"/>.</summary>
    public ServiceProxy(IPEndPoint listenOn, ILogger<ServiceProxy>? logger = null)
    {
        _logger = logger ?? NullLogger<ServiceProxy>.Instance;
        _listener = new Socket(listenOn.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _listener.Bind(listenOn);
            _listener.Listen(4096);
        }
        catch
        {
            _listener.Dispose();
            throw;
        }
        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Connections reset because no endpoint could take them.</summary>
    public long RejectedConnections => Interlocked.Read(ref _rejected);

    /// <summary>Client connections currently being spliced.</summary>
    public int ActiveConnections => _open.Count / 2;

    /// <summary>How many connections were sent to each endpoint since the proxy started.</summary>
    public IReadOnlyDictionary<IPEndPoint, long> ConnectionsPerEndpoint =>
        _perEndpoint.ToDictionary(pair => pair.Key, pair => Interlocked.Read(ref pair.Value.Value));

    /// <summary>The endpoints new connections may currently go to.</summary>
    public IReadOnlyList<ServiceEndpoint> Candidates => _candidates;

    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!_acceptLoop.IsCompleted)
        {
            return;
        }
        Log.ProxyListening(_logger, LocalEndPoint);
        _acceptLoop = AcceptLoopAsync(_stopping.Token);
    }

    /// <summary>
    /// Replaces the endpoint set. Connections already open stay where they are (as with conntrack entries);
    /// only new connections see the change. Safe to call from any thread while the proxy runs.
    /// </summary>
    public void UpdateEndpoints(IEnumerable<ServiceEndpoint> endpoints)
    {
        var all = endpoints.ToArray();
        var ready = Array.FindAll(all, e => e.Ready);
        _candidates = ready.Length > 0 ? ready : Array.FindAll(all, e => e.Serving && e.Terminating);
        Log.ProxyEndpointsUpdated(_logger, LocalEndPoint, ready.Length, all.Length);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _stopping.CancelAsync();
        _listener.Dispose();
        foreach (var socket in _open.Keys)
        {
            socket.Dispose();
        }
        await AwaitQuietly(_acceptLoop);
        foreach (var handler in _handlers.Keys)
        {
            await AwaitQuietly(handler);
        }
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionAborted or SocketError.ConnectionReset)
            {
                // The client gave up while its connection waited in the backlog; nothing to proxy.
                continue;
            }
            var handler = HandleAsync(client, ct);
            _handlers.TryAdd(handler, 0);
            _ = handler.ContinueWith(static (t, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(t, out _), _handlers, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task HandleAsync(Socket client, CancellationToken ct)
    {
        var candidates = _candidates;
        if (candidates.Length == 0)
        {
            Interlocked.Increment(ref _rejected);
            Log.ProxyRejected(_logger, LocalEndPoint);
            Reset(client);
            return;
        }
        var target = candidates[candidates.Length == 1 ? 0 : Random.Shared.Next(candidates.Length)];
        Interlocked.Increment(ref _perEndpoint.GetOrAdd(target.EndPoint, static _ => new Counter()).Value);

        var upstream = new Socket(target.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        _open.TryAdd(client, 0);
        _open.TryAdd(upstream, 0);
        try
        {
            try
            {
                await upstream.ConnectAsync(target.EndPoint, ct);
            }
            catch (SocketException e)
            {
                Log.ProxyEndpointUnreachable(_logger, LocalEndPoint, target.EndPoint, e.SocketErrorCode);
                Reset(client);
                return;
            }
            var toUpstream = PumpAsync(client, upstream, ct);
            var toClient = PumpAsync(upstream, client, ct);
            await Task.WhenAll(toUpstream, toClient);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Disposal closes every spliced connection.
        }
        finally
        {
            _open.TryRemove(client, out _);
            _open.TryRemove(upstream, out _);
            client.Dispose();
            upstream.Dispose();
        }
    }

    /// <summary>
    /// Copies one direction until its source finishes. A clean end (FIN) is passed on as a half-close so the
    /// other direction keeps flowing; a reset aborts both sockets so the peer sees the reset too.
    /// </summary>
    private async Task PumpAsync(Socket from, Socket to, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, ct);
                if (read == 0)
                {
                    ShutdownSend(to);
                    return;
                }
                var sent = 0;
                while (sent < read)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, ct);
                }
            }
        }
        catch (SocketException e)
        {
            Log.ProxyConnectionError(_logger, LocalEndPoint, e.SocketErrorCode);
            Reset(from);
            Reset(to);
        }
        catch (ObjectDisposedException)
        {
            // The other direction failed and reset both sockets, or the proxy is being disposed.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void ShutdownSend(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The peer is already gone; its own direction will report that.
        }
        catch (ObjectDisposedException)
        {
            // Already closed by the other direction.
        }
    }

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
            // Setting SO_LINGER can fail once the peer has reset; closing is all that is left to do.
        }
        catch (ObjectDisposedException)
        {
            return;
        }
        socket.Dispose();
    }

    private static async Task AwaitQuietly(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            // Expected while stopping.
        }
    }

    private sealed class Counter
    {
        public long Value;
    }
}
