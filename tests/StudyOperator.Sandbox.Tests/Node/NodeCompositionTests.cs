using System.Collections.Concurrent;
using System.Net;
using StudyOperator.Sandbox.Network;
using StudyOperator.Sandbox.Node;

namespace StudyOperator.Sandbox.Tests.Node;

/// <summary>
/// The building blocks wired together the way the sandbox's kubelet and endpoints controllers will: a real
/// HTTP server process on its own pod IP, probed over HTTP, restarted on liveness failure, and reached through
/// the service proxy only while it is ready. Real time throughout (probe periods of one second).
/// </summary>
public sealed class NodeCompositionTests : IAsyncLifetime, IAsyncDisposable
{
    private const string PodIp = "127.1.200.60";
    private const int Port = 18080;

    private readonly TestPod _pod = new("web-0", PodIp);
    private readonly ConcurrentQueue<ContainerEvent> _events = new();
    private readonly HttpProber _runner = new(TimeProvider.System);
    private readonly ServiceProxy _proxy = new(new IPEndPoint(IPAddress.Parse("127.2.200.60"), 0));
    private readonly Lock _gate = new();
    private ContainerSupervisor? _supervisor;
    private ContainerProber? _prober;

    public Task InitializeAsync() => Task.CompletedTask;

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    // xunit 2 disposes test classes through IAsyncLifetime; it does not call IAsyncDisposable.
    public async Task DisposeAsync()
    {
        if (_supervisor is not null)
        {
            await _supervisor.DisposeAsync();
        }
        ContainerProber? prober;
        lock (_gate)
        {
            prober = _prober;
        }
        if (prober is not null)
        {
            await prober.DisposeAsync();
        }
        await _proxy.DisposeAsync();
        _runner.Dispose();
        _pod.Dispose();
    }

    private void OnEvent(ContainerEvent e)
    {
        _events.Enqueue(e);
        switch (e)
        {
            case ContainerStarted started:
                var probes = new ContainerProbes(
                    Readiness: new ProbeSpec(new HttpGetAction("/", PortReference.FromName("http")), PeriodSeconds: 1, FailureThreshold: 1),
                    Liveness: new ProbeSpec(new HttpGetAction("/alive", PortReference.FromName("http")), PeriodSeconds: 1, FailureThreshold: 2, TerminationGracePeriodSeconds: 1));
                var prober = new ContainerProber(e.Container, probes, new ProbeTarget(_pod.Identity.PodIp, new Dictionary<string, int> { ["http"] = Port }), _runner, TimeProvider.System, OnEvent);
                lock (_gate)
                {
                    _prober = prober;
                }
                prober.Start(started.Time);
                break;
            case ReadinessChanged changed:
                _proxy.UpdateEndpoints([new ServiceEndpoint(_pod.Identity.PodIp, Port, Ready: changed.Ready)]);
                break;
            case LivenessFailed failed:
                _ = _supervisor!.KillAsync(failed.GracePeriod ?? TimeSpan.FromSeconds(30));
                break;
            case ContainerExited:
                ContainerProber? old;
                lock (_gate)
                {
                    old = _prober;
                    _prober = null;
                }
                _proxy.UpdateEndpoints([new ServiceEndpoint(_pod.Identity.PodIp, Port, Ready: false)]);
                _ = old?.DisposeAsync().AsTask();
                break;
        }
    }

    private bool Ready
    {
        get
        {
            lock (_gate)
            {
                return _prober?.Ready ?? false;
            }
        }
    }

    [Fact]
    public async Task A_liveness_failure_restarts_the_pod_process_and_the_service_follows_its_readiness()
    {
        var script = $"touch alive; exec /usr/bin/python3 -m http.server --bind \"$POD_IP\" {Port}";
        _supervisor = new ContainerSupervisor(TestPod.Shell(script), RestartPolicy.Always, _pod.Identity, _pod.Directory, TimeProvider.System, OnEvent);
        _proxy.Start();
        _supervisor.Start();

        await Eventually.True(() => Ready, TimeSpan.FromSeconds(20), "the server process should become ready");
        using var http = new HttpClient();
        var listing = await http.GetStringAsync(new Uri($"http://{_proxy.LocalEndPoint}/"));
        Assert.Contains("alive", listing, StringComparison.Ordinal);

        File.Delete(Path.Combine(_pod.Directory.ContainerDirectory("app"), "alive"));

        await Eventually.True(() => _supervisor.Status.RestartCount == 1, TimeSpan.FromSeconds(20), "liveness failure should restart the container");
        var killed = _events.OfType<LivenessFailed>().First();
        Assert.Equal("Container app failed liveness probe, will be restarted", killed.Message);
        Assert.Equal(TimeSpan.FromSeconds(1), killed.GracePeriod);
        Assert.NotEqual(0, _supervisor.Status.LastState!.ExitCode);
        await Eventually.True(() => Ready, TimeSpan.FromSeconds(20), "the restarted process should become ready again");
        Assert.Contains("alive", await http.GetStringAsync(new Uri($"http://{_proxy.LocalEndPoint}/")), StringComparison.Ordinal);
        Assert.Contains(_events.OfType<ProbeFailed>(), f => f.Kind == ProbeKind.Liveness && f.Output.Contains("404", StringComparison.Ordinal));
    }
}
