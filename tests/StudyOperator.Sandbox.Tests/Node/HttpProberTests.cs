using System.Collections.Concurrent;
using System.Net;
using StudyOperator.Sandbox.Node;

namespace StudyOperator.Sandbox.Tests.Node;

public sealed class HttpProberTests
{
    private const string PodIp = "127.1.200.20";

    private static ProbeTarget Target(TinyHttpServer server) =>
        new(IPAddress.Parse(PodIp), new Dictionary<string, int> { ["http"] = server.EndPoint.Port });

    [Theory]
    [InlineData(200, true)]
    [InlineData(302, true)]
    [InlineData(399, true)]
    [InlineData(404, false)]
    [InlineData(500, false)]
    public async Task Status_codes_from_200_to_399_are_success(int status, bool success)
    {
        var expected = success ? ProbeResult.Success : ProbeResult.Failure;
        await using var server = new TinyHttpServer(PodIp, "pod") { StatusCode = status };
        using var prober = new HttpProber(TimeProvider.System);

        var outcome = await prober.RunAsync(new HttpGetAction("/healthz", PortReference.FromName("http")), Target(server), TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(expected, outcome.Result);
        if (expected == ProbeResult.Failure)
        {
            Assert.Equal($"HTTP probe failed with statuscode: {status}", outcome.Output);
        }
    }

    [Fact]
    public async Task Requests_look_like_the_kubelets()
    {
        await using var server = new TinyHttpServer(PodIp, "pod");
        using var prober = new HttpProber(TimeProvider.System);
        var action = new HttpGetAction("ready", PortReference.FromNumber(server.EndPoint.Port), Headers: [new("X-Probe", "yes")]);

        await prober.RunAsync(action, Target(server), TimeSpan.FromSeconds(5), CancellationToken.None);

        var head = server.LastRequestHead!;
        Assert.StartsWith("GET /ready HTTP/1.1\r\n", head, StringComparison.Ordinal);
        Assert.Contains("User-Agent: kube-probe/1.32", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("X-Probe: yes", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Connection: close", head, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_refused_connection_an_unknown_port_name_and_a_timeout_are_failures()
    {
        await using var server = new TinyHttpServer(PodIp, "pod") { Hang = true };
        using var prober = new HttpProber(TimeProvider.System);
        var target = Target(server);

        var refused = await prober.RunAsync(new HttpGetAction("/", PortReference.FromNumber(1)), target, TimeSpan.FromSeconds(5), CancellationToken.None);
        var unknown = await prober.RunAsync(new HttpGetAction("/", PortReference.FromName("metrics")), target, TimeSpan.FromSeconds(5), CancellationToken.None);
        var timedOut = await prober.RunAsync(new HttpGetAction("/", PortReference.FromName("http")), target, TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal(ProbeResult.Failure, refused.Result);
        Assert.Contains("connection refused", refused.Output, StringComparison.Ordinal);
        Assert.Equal("unable to find port metrics", unknown.Output);
        Assert.Equal(ProbeResult.Failure, timedOut.Result);
        Assert.Contains("context deadline exceeded", timedOut.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_TCP_probe_succeeds_when_the_port_accepts()
    {
        await using var server = new TinyHttpServer(PodIp, "pod");
        using var prober = new HttpProber(TimeProvider.System);

        var open = await prober.RunAsync(new TcpSocketAction(PortReference.FromName("http")), Target(server), TimeSpan.FromSeconds(5), CancellationToken.None);
        var closed = await prober.RunAsync(new TcpSocketAction(PortReference.FromNumber(1)), Target(server), TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(ProbeResult.Success, open.Result);
        Assert.Equal(ProbeResult.Failure, closed.Result);
    }

    [Fact]
    public async Task A_real_readiness_probe_follows_a_real_server_in_real_time()
    {
        await using var server = new TinyHttpServer(PodIp, "pod") { StatusCode = 503 };
        using var runner = new HttpProber(TimeProvider.System);
        var events = new ConcurrentQueue<ContainerEvent>();
        var probes = new ContainerProbes(Readiness: new ProbeSpec(new HttpGetAction("/ready", PortReference.FromName("http")), PeriodSeconds: 1, FailureThreshold: 1));
        await using var prober = new ContainerProber("app", probes, Target(server), runner, TimeProvider.System, events.Enqueue);

        prober.Start(DateTimeOffset.UtcNow);
        await Eventually.True(() => server.Requests >= 1);
        Assert.False(prober.Ready);
        server.StatusCode = 200;
        await Eventually.True(() => prober.Ready);
        server.StatusCode = 500;
        await Eventually.True(() => !prober.Ready);

        Assert.Equal([true, false], events.OfType<ReadinessChanged>().Select(e => e.Ready));
    }
}
