using System.Net;
using System.Net.Sockets;
using System.Text;
using StudyOperator.Sandbox.Network;

namespace StudyOperator.Sandbox.Tests.Node;

public sealed class ServiceProxyTests : IAsyncLifetime, IAsyncDisposable
{
    private readonly List<TinyHttpServer> _servers = [];
    private ServiceProxy? _proxy;

    public Task InitializeAsync() => Task.CompletedTask;

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    // xunit 2 disposes test classes through IAsyncLifetime; it does not call IAsyncDisposable.
    public async Task DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    private TinyHttpServer Server(string address, string name)
    {
        var server = new TinyHttpServer(address, name);
        _servers.Add(server);
        return server;
    }

    private ServiceProxy Proxy(string clusterIp, params ServiceEndpoint[] endpoints)
    {
        _proxy = new ServiceProxy(new IPEndPoint(IPAddress.Parse(clusterIp), 0));
        _proxy.UpdateEndpoints(endpoints);
        _proxy.Start();
        return _proxy;
    }

    private static ServiceEndpoint Endpoint(TinyHttpServer server, bool ready = true, bool serving = true, bool terminating = false) =>
        new(server.EndPoint.Address, server.EndPoint.Port, ready, serving, terminating);

    /// <summary>One HTTP request over a new connection, as the labs' load generator sends them.</summary>
    private static async Task<string> GetAsync(IPEndPoint service)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(service);
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n"));
        var response = new StringBuilder();
        var buffer = new byte[1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer)) > 0)
        {
            response.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        var text = response.ToString();
        return text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
    }

    [Fact]
    public async Task New_connections_are_spread_over_all_ready_endpoints()
    {
        var a = Server("127.1.200.31", "a");
        var b = Server("127.1.200.32", "b");
        var c = Server("127.1.200.33", "c");
        var proxy = Proxy("127.2.200.10", Endpoint(a), Endpoint(b), Endpoint(c));

        var answers = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            answers.Add(await GetAsync(proxy.LocalEndPoint));
        }

        var perPod = answers.GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(["a", "b", "c"], perPod.Keys.Order());
        // Uniform choice: each gets 100 ± 8 on average; 50 is six standard deviations away.
        Assert.All(perPod.Values, count => Assert.True(count > 50, $"counts were {string.Join(",", perPod)}"));
        Assert.Equal(300, proxy.ConnectionsPerEndpoint.Values.Sum());
        Assert.Equal(perPod["a"], proxy.ConnectionsPerEndpoint[a.EndPoint]);
        Assert.Equal(perPod["a"], a.Requests);
    }

    [Fact]
    public async Task An_endpoint_removed_at_runtime_gets_no_new_connections()
    {
        var a = Server("127.1.200.34", "a");
        var b = Server("127.1.200.35", "b");
        var proxy = Proxy("127.2.200.11", Endpoint(a), Endpoint(b));
        for (var i = 0; i < 50; i++)
        {
            await GetAsync(proxy.LocalEndPoint);
        }
        var bBefore = b.Requests;

        proxy.UpdateEndpoints([Endpoint(a), Endpoint(b, ready: false)]);
        var answers = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            answers.Add(await GetAsync(proxy.LocalEndPoint));
        }

        Assert.All(answers, x => Assert.Equal("a", x));
        Assert.Equal(bBefore, b.Requests);
        Assert.Equal(bBefore, proxy.ConnectionsPerEndpoint[b.EndPoint]);
    }

    [Fact]
    public async Task Without_ready_endpoints_connections_are_reset()
    {
        var a = Server("127.1.200.36", "a");
        var proxy = Proxy("127.2.200.12", Endpoint(a, ready: false, serving: false));

        var error = await Assert.ThrowsAnyAsync<SocketException>(() => GetAsync(proxy.LocalEndPoint));

        Assert.Equal(SocketError.ConnectionReset, error.SocketErrorCode);
        Assert.Equal(1, proxy.RejectedConnections);
        Assert.Equal(0, a.Requests);
        using var http = new HttpClient();
        var httpError = await Record.ExceptionAsync(() => http.GetAsync(new Uri($"http://{proxy.LocalEndPoint}/")));
        // HttpClient reports the reset as HttpRequestException, or as a bare SocketException when it lands while connecting.
        Assert.True(httpError is HttpRequestException or SocketException, $"got {httpError}");
    }

    [Fact]
    public async Task Endpoints_coming_back_are_used_without_restarting_the_listener()
    {
        var a = Server("127.1.200.37", "a");
        var proxy = Proxy("127.2.200.13");
        await Assert.ThrowsAnyAsync<SocketException>(() => GetAsync(proxy.LocalEndPoint));

        proxy.UpdateEndpoints([Endpoint(a)]);

        Assert.Equal("a", await GetAsync(proxy.LocalEndPoint));
    }

    [Fact]
    public async Task Serving_terminating_endpoints_are_used_only_when_none_is_ready()
    {
        var ready = Server("127.1.200.38", "ready");
        var terminating = Server("127.1.200.39", "terminating");
        var proxy = Proxy("127.2.200.14", Endpoint(terminating, ready: false, serving: true, terminating: true));

        Assert.Equal("terminating", await GetAsync(proxy.LocalEndPoint));

        proxy.UpdateEndpoints([Endpoint(ready), Endpoint(terminating, ready: false, serving: true, terminating: true)]);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("ready", await GetAsync(proxy.LocalEndPoint));
        }
    }

    [Fact]
    public async Task An_endpoint_that_refuses_makes_the_client_connection_reset()
    {
        using var closed = new Socket(SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Parse("127.1.200.40"), 0));
        var deadPort = ((IPEndPoint)closed.LocalEndPoint!).Port;
        // Bound but not listening: connections to it are refused.
        var proxy = Proxy("127.2.200.15", new ServiceEndpoint(IPAddress.Parse("127.1.200.40"), deadPort));

        var error = await Assert.ThrowsAnyAsync<SocketException>(() => GetAsync(proxy.LocalEndPoint));

        Assert.Equal(SocketError.ConnectionReset, error.SocketErrorCode);
    }

    [Fact]
    public async Task Half_close_lets_the_backend_answer_after_the_client_finished_sending()
    {
        // A backend that reads until the client's FIN and only then answers, like `wc -c`.
        using var listener = new TcpListener(IPAddress.Parse("127.1.200.41"), 0);
        listener.Start();
        var backend = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync();
            var total = 0;
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await socket.ReceiveAsync(buffer)) > 0)
            {
                total += read;
            }
            await socket.SendAsync(Encoding.ASCII.GetBytes($"got {total}"));
            socket.Shutdown(SocketShutdown.Send);
        });
        var proxy = Proxy("127.2.200.16", new ServiceEndpoint(IPAddress.Parse("127.1.200.41"), ((IPEndPoint)listener.LocalEndpoint).Port));

        using var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(proxy.LocalEndPoint);
        var payload = new byte[1_000_000];
        var sent = 0;
        while (sent < payload.Length)
        {
            sent += await client.SendAsync(payload.AsMemory(sent));
        }
        client.Shutdown(SocketShutdown.Send);
        var answer = new StringBuilder();
        var reply = new byte[256];
        int got;
        while ((got = await client.ReceiveAsync(reply)) > 0)
        {
            answer.Append(Encoding.ASCII.GetString(reply, 0, got));
        }
        await backend.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("got 1000000", answer.ToString());
        await Eventually.True(() => proxy.ActiveConnections == 0);
    }

    [Fact]
    public async Task Many_concurrent_short_connections_all_succeed()
    {
        var a = Server("127.1.200.42", "a");
        var b = Server("127.1.200.43", "b");
        var proxy = Proxy("127.2.200.17", Endpoint(a), Endpoint(b));

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            var mine = new List<string>();
            for (var i = 0; i < 50; i++)
            {
                mine.Add(await GetAsync(proxy.LocalEndPoint));
            }
            return mine;
        }));

        Assert.Equal(800, answers.Sum(x => x.Count));
        Assert.All(answers.SelectMany(x => x), x => Assert.Contains(x, new[] { "a", "b" }));
        Assert.Equal(800, a.Requests + b.Requests);
    }

    [Fact]
    public async Task An_IPv4_endpoint_given_in_its_IPv6_mapped_form_is_reachable()
    {
        var a = Server("127.1.200.45", "a");
        var proxy = Proxy("127.2.200.19", new ServiceEndpoint(a.EndPoint.Address.MapToIPv6(), a.EndPoint.Port));

        Assert.Equal("a", await GetAsync(proxy.LocalEndPoint));
        Assert.Equal(a.EndPoint, proxy.ConnectionsPerEndpoint.Keys.Single());
    }

    [Fact]
    public async Task Disposing_the_proxy_closes_open_connections_and_the_listener()
    {
        using var listener = new TcpListener(IPAddress.Parse("127.1.200.44"), 0);
        listener.Start();
        var proxy = new ServiceProxy(new IPEndPoint(IPAddress.Parse("127.2.200.18"), 0));
        proxy.UpdateEndpoints([new ServiceEndpoint(IPAddress.Parse("127.1.200.44"), ((IPEndPoint)listener.LocalEndpoint).Port)]);
        proxy.Start();
        using var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(proxy.LocalEndPoint);
        using var backend = await listener.AcceptSocketAsync();
        await Eventually.True(() => proxy.ActiveConnections == 1);

        await proxy.DisposeAsync();

        var buffer = new byte[16];
        var read = await client.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, read);
        using var again = new Socket(SocketType.Stream, ProtocolType.Tcp);
        var refused = await Assert.ThrowsAnyAsync<SocketException>(() => again.ConnectAsync(proxy.LocalEndPoint));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }
}
