using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StudyOperator.Sandbox.Network;
using Xunit.Abstractions;

namespace StudyOperator.Sandbox.Tests.Node;

/// <summary>
/// The proxy under new-connection-per-request load (the labs' default pattern): no failures, every
/// connection counted, an even spread. The rates it prints against the same backends reached directly
/// are for information only; docs/benchmarks.md holds the measured numbers.
/// For the numbers: <c>dotnet test --filter Category=Performance --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Performance")]
public sealed class ServiceProxyThroughputTests(ITestOutputHelper output) : IAsyncLifetime, IAsyncDisposable
{
    private static readonly byte[] Request = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n");

    private readonly List<TinyHttpServer> _servers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    // xunit 2 disposes test classes through IAsyncLifetime; it does not call IAsyncDisposable.
    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Thousands_of_new_connections_all_succeed_and_spread_over_the_endpoints()
    {
        foreach (var address in (string[])["127.1.200.51", "127.1.200.52", "127.1.200.53"])
        {
            _servers.Add(new TinyHttpServer(address, "ok"));
        }
        await using var proxy = new ServiceProxy(new IPEndPoint(IPAddress.Parse("127.2.200.50"), 0));
        proxy.UpdateEndpoints(_servers.Select(s => new ServiceEndpoint(s.EndPoint.Address, s.EndPoint.Port)));
        proxy.Start();
        var errors = new ConcurrentQueue<SocketError>();
        long direct = 0, proxied = 0;

        for (var round = 0; round < 3; round++)
        {
            direct += await RunAsync(_servers[round].EndPoint, TimeSpan.FromSeconds(0.5), errors);
            proxied += await RunAsync(proxy.LocalEndPoint, TimeSpan.FromSeconds(0.5), errors);
        }

        output.WriteLine($"new-connection requests/s: proxy {proxied / 1.5:F0}, direct {direct / 1.5:F0} ({Environment.ProcessorCount} CPUs, 16 clients)");
        Assert.True(errors.IsEmpty, $"{errors.Count} failed: {string.Join(", ", errors.Distinct())}");
        // The proxy adds a second connection and a copy per request; it must stay within a small factor of direct.
        // The rates are reported, not asserted: speed targets are checked by benchmarks, never by tests.
        Assert.Equal(proxied, proxy.ConnectionsPerEndpoint.Values.Sum());
        Assert.All(proxy.ConnectionsPerEndpoint.Values, count => Assert.True(count > proxied / 6));
    }

    private static async Task<long> RunAsync(IPEndPoint target, TimeSpan duration, ConcurrentQueue<SocketError> errors)
    {
        long completed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            var buffer = new byte[1024];
            while (clock.Elapsed < duration)
            {
                try
                {
                    using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    await socket.ConnectAsync(target);
                    await socket.SendAsync(Request);
                    var total = 0;
                    int read;
                    while ((read = await socket.ReceiveAsync(buffer)) > 0)
                    {
                        total += read;
                    }
                    if (total > 0)
                    {
                        Interlocked.Increment(ref completed);
                    }
                    else
                    {
                        errors.Enqueue(SocketError.NoData);
                    }
                }
                catch (SocketException e)
                {
                    errors.Enqueue(e.SocketErrorCode);
                }
            }
        }));
        return completed;
    }
}
