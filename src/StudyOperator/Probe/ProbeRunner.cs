using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;

namespace StudyOperator.Probe;

/// <summary>Sends the requests of one probe run and collects their outcomes.</summary>
/// <param name="options">The validated run.</param>
/// <param name="time">Clock for due times, timeouts and durations.</param>
/// <param name="counters">Live cumulative counters (traffic mode); null when nobody reads them during the run.</param>
internal sealed class ProbeRunner(ProbeOptions options, TimeProvider time, ProbeCounters? counters = null)
{
    private const int MaxAnswerBytes = 64 * 1024;

    private readonly ConcurrentQueue<RequestOutcome> outcomes = new();
    private int connections;
    private long runStart;

    /// <summary>
    /// Runs until the mode is done, <see cref="ProbeLimits.MaxRunTime"/> has passed, or <paramref name="cancellationToken"/>
    /// fires (SIGTERM); in the last two cases the result says <c>complete: false</c>. Requests still in flight when
    /// the run is cancelled are not counted.
    /// </summary>
    public async Task<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        using var handler = CreateHandler();
        using var client = new HttpClient(handler)
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan, // each request has its own timeout
            MaxResponseContentBufferSize = MaxAnswerBytes,
        };
        using var runTime = new CancellationTokenSource(ProbeLimits.MaxRunTime, time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, runTime.Token);

        var startedAt = time.GetUtcNow();
        runStart = time.GetTimestamp();
        if (options.Mode == ProbeMode.Count)
            await RunCountAsync(client, stop.Token);
        else
            await RunRateAsync(client, stop.Token);

        return ProbeSummary.Summarize(
            options,
            startedAt,
            time.GetElapsedTime(runStart),
            complete: !stop.IsCancellationRequested,
            Volatile.Read(ref connections),
            outcomes.ToArray());
    }

    private SocketsHttpHandler CreateHandler() => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectTimeout = options.Timeout,
        // Keep-alive: one connection per worker at most, reused. Otherwise every request says Connection: close.
        MaxConnectionsPerServer = options.Concurrency,
        PooledConnectionLifetime = options.KeepAlive ? Timeout.InfiniteTimeSpan : TimeSpan.Zero,
        ConnectCallback = ConnectAsync,
    };

    // Counting connections here is how a run proves it really opened a new TCP connection per request.
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            Interlocked.Increment(ref connections);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task RunCountAsync(HttpClient client, CancellationToken stop)
    {
        var next = 0;
        var workers = Enumerable.Range(0, Math.Min(options.Concurrency, options.Requests)).Select(async _ =>
        {
            while (!stop.IsCancellationRequested && Interlocked.Increment(ref next) <= options.Requests)
                await SendAsync(client, stop);
        });
        await Task.WhenAll(workers);
    }

    private async Task RunRateAsync(HttpClient client, CancellationToken stop)
    {
        var planned = (long)(options.Duration.TotalSeconds * options.Rate);
        using var slots = new SemaphoreSlim(options.Concurrency);
        var inFlight = new List<Task>();
        try
        {
            for (long i = 0; i < planned; i++)
            {
                // Due times come from the start of the run, so a late request does not shift the ones after it.
                var due = TimeSpan.FromSeconds((double)i / options.Rate) - time.GetElapsedTime(runStart);
                if (due > TimeSpan.Zero)
                    await Task.Delay(due, time, stop);
                await slots.WaitAsync(stop);
                inFlight.Add(SendAndReleaseAsync());
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped early: the result says complete=false.
        }

        await Task.WhenAll(inFlight);

        async Task SendAndReleaseAsync()
        {
            try
            {
                await SendAsync(client, stop);
            }
            finally
            {
                slots.Release();
            }
        }
    }

    private async Task SendAsync(HttpClient client, CancellationToken stop)
    {
        using var timeout = new CancellationTokenSource(options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, options.Target);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!options.KeepAlive)
            request.Headers.ConnectionClose = true;

        var start = time.GetElapsedTime(runStart);
        OutcomeKind kind;
        string? pod = null;
        try
        {
            using var response = await client.SendAsync(request, linked.Token);
            var body = await response.Content.ReadAsByteArrayAsync(linked.Token);
            kind = (int)response.StatusCode >= 500 ? OutcomeKind.ServerError
                : response.IsSuccessStatusCode ? OutcomeKind.Ok
                : OutcomeKind.Other;
            if (kind == OutcomeKind.Ok)
                pod = PodOf(body);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return; // the run was stopped: this request has no outcome
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            kind = OutcomeKind.Timeout;
        }
        catch (HttpRequestException e) when (IsRefused(e))
        {
            kind = OutcomeKind.Refused;
        }
        catch (HttpRequestException)
        {
            kind = OutcomeKind.Other;
        }
        catch (IOException)
        {
            kind = OutcomeKind.Other;
        }

        outcomes.Enqueue(new RequestOutcome(start, time.GetElapsedTime(runStart), kind, pod));
        counters?.Record(kind != OutcomeKind.Ok);
    }

    private static bool IsRefused(HttpRequestException e) =>
        e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };

    private static string? PodOf(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("pod", out var pod)
                && pod.ValueKind == JsonValueKind.String
                && pod.GetString() is { Length: > 0 } name)
                return name.Length > ProbeLimits.MaxPodNameLength ? name[..ProbeLimits.MaxPodNameLength] : name;
            return null;
        }
        catch (JsonException)
        {
            return null; // not our app: counted as "(unknown)"
        }
    }
}
