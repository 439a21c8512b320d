using System.Net;
using System.Net.Sockets;

namespace StudyOperator.Sandbox.Node;

/// <summary>
/// Runs HTTP GET and TCP probes like the kubelet's prober: a new connection per attempt (keep-alives are
/// disabled there), <c>User-Agent: kube-probe/1.32</c>, <c>Accept: */*</c>, success for 200 ≤ status &lt; 400,
/// and failure when the attempt takes longer than the probe's timeout.
/// </summary>
/// <remarks>
/// Redirects are not followed: a 3xx counts as success, which is what the kubelet reports for a redirect to
/// another host (it follows same-host redirects and judges the final answer). Only the HTTP scheme is served;
/// an HTTPS probe fails with an explanation, because the sandbox's pods serve plain HTTP.
/// </remarks>
internal sealed class HttpProber(TimeProvider time) : IProbeRunner, IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.Zero,
    })
    {
        // The probe's own timeout applies through the cancellation token.
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task<ProbeOutcome> RunAsync(ProbeAction action, ProbeTarget target, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, ct);
        var outcome = action switch
        {
            HttpGetAction http => await HttpGetAsync(http, target, deadline, linked.Token),
            TcpSocketAction tcp => await TcpConnectAsync(tcp, target, deadline, linked.Token),
            _ => throw new NotSupportedException($"The sandbox does not run {action.GetType().Name} probes."),
        };
        // A probe abandoned because its worker stopped has no result to report.
        ct.ThrowIfCancellationRequested();
        return outcome;
    }

    public void Dispose() => _client.Dispose();

    private async Task<ProbeOutcome> HttpGetAsync(HttpGetAction http, ProbeTarget target, CancellationTokenSource deadline, CancellationToken token)
    {
        if (!string.Equals(http.Scheme, "HTTP", StringComparison.OrdinalIgnoreCase))
        {
            return ProbeOutcome.Failure($"{http.Scheme} probes are not supported by the sandbox (only HTTP)");
        }
        if (http.Port.Resolve(target.NamedPorts) is not { } port)
        {
            return ProbeOutcome.Failure($"unable to find port {http.Port}");
        }
        var host = http.Host is { Length: > 0 } h ? h : target.PodIp.ToString();
        var path = http.Path.StartsWith('/') ? http.Path : "/" + http.Path;
        var uri = new Uri($"http://{host}:{port}{path}");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.ConnectionClose = true;
        request.Headers.TryAddWithoutValidation("User-Agent", "kube-probe/1.32");
        request.Headers.TryAddWithoutValidation("Accept", "*/*");
        foreach (var (name, value) in http.Headers ?? [])
        {
            request.Headers.Remove(name);
            if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
            var status = (int)response.StatusCode;
            return status is >= 200 and < 400
                ? ProbeOutcome.Success()
                : ProbeOutcome.Failure($"HTTP probe failed with statuscode: {status}");
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return ProbeOutcome.Failure($"Get \"{uri}\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
        }
        catch (HttpRequestException e)
        {
            return ProbeOutcome.Failure($"Get \"{uri}\": {Describe(e)}");
        }
    }

    private static async Task<ProbeOutcome> TcpConnectAsync(TcpSocketAction tcp, ProbeTarget target, CancellationTokenSource deadline, CancellationToken token)
    {
        if (tcp.Port.Resolve(target.NamedPorts) is not { } port)
        {
            return ProbeOutcome.Failure($"unable to find port {tcp.Port}");
        }
        var host = tcp.Host is { Length: > 0 } h ? h : target.PodIp.ToString();
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, token);
            return ProbeOutcome.Success();
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return ProbeOutcome.Failure($"dial tcp {host}:{port}: i/o timeout");
        }
        catch (SocketException e)
        {
            return ProbeOutcome.Failure($"dial tcp {host}:{port}: connect: {e.Message.ToLowerInvariant()}");
        }
    }

    private static string Describe(HttpRequestException e) =>
        e.InnerException is SocketException socket ? $"dial tcp: connect: {socket.Message.ToLowerInvariant()}" : e.Message;
}
