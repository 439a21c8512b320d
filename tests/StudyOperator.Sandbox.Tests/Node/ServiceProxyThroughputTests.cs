using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StudyOperator.Sandbox.Network;
using Xunit.Abstractions;

namespace StudyOperator.Sandbox.Tests.Node;

/// <summary>
/// Whole-process throughput check of the proxy with a new connection per request, the labs' default load
/// pattern. Run alone for a number: <c>dotnet test --filter Category=Performance --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Performance")]
public sealed class ServiceProxyThroughputTests(ITestOutputHelper output) : IAsyncDisposable
{
    private readonly List<TinyHttpServer> _servers = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_proxy_serves_more_than_1000_new_connection_requests_per_second()
    {
        foreach (var address in (string[])["127.1.200.51", "127.1.200.52", "127.1.200.53"])
        {
            _servers.Add(new TinyHttpServer(address, "ok"));
        }
        await using var proxy = new ServiceProxy(new IPEndPoint(IPAddress.Parse("127.2.200.50"), 0));
        proxy.UpdateEndpoints(_servers.Select(s => new ServiceEndpoint(s.EndPoint.Address, s.EndPoint.Port)));
        proxy.Start();
        var duration = TimeSpan.FromSeconds(3);
        var request = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n");
        long completed = 0;
        long failed = 0;

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            var buffer = new byte[1024];
            while (clock.Elapsed < duration)
            {
                using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(proxy.LocalEndPoint);
                await socket.SendAsync(request);
                var total = 0;
                int read;
                while ((read = await socket.ReceiveAsync(buffer)) > 0)
                {
                    total += read;
                }
                Interlocked.Increment(ref total > 0 ? ref completed : ref failed);
            }
        }));
        var perSecond = completed / clock.Elapsed.TotalSeconds;

        output.WriteLine($"{perSecond:F0} new-connection requests/s through the proxy ({completed} in {clock.Elapsed.TotalSeconds:F1}s, {failed} failed, {Environment.ProcessorCount} CPUs)");
        Assert.Equal(0, failed);
        Assert.True(perSecond > 1000, $"only {perSecond:F0} requests/s");
        Assert.All(_servers, s => Assert.True(s.Requests > completed / 6));
    }
}
