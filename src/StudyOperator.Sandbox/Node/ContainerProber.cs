namespace StudyOperator.Sandbox.Node;

/// <summary>
/// The kubelet's probe workers for one container instance: startup, readiness and liveness probes with
/// every timing field of core/v1 Probe. Create one when an instance starts and dispose it when it exits;
/// a new instance gets a new prober, as a new container id gets new workers in the kubelet.
/// </summary>
/// <remarks>
/// <para>Semantics (pkg/kubelet/prober/worker.go): nothing is probed before initialDelaySeconds after the
/// start; while a startup probe has not succeeded the other probes do not run; a result changes only after
/// successThreshold consecutive successes or failureThreshold consecutive failures; readiness failure only
/// makes the container not ready; liveness or startup failure raises <see cref="LivenessFailed"/> and stops
/// probing this instance (the owner kills it). Without a readiness probe a started container is ready;
/// without a startup probe a running container is started.</para>
/// <para>Timing: each probe's first attempt is at start + initialDelaySeconds (liveness and readiness wait for
/// the startup probe to succeed first and then run at once), then one every periodSeconds. The kubelet adds
/// a random jitter to the first tick; the sandbox does not, so tests can be exact.</para>
/// </remarks>
internal sealed class ContainerProber : IAsyncDisposable
{
    private readonly string _container;
    private readonly ContainerProbes _probes;
    private readonly ProbeTarget _target;
    private readonly IProbeRunner _runner;
    private readonly TimeProvider _time;
    private readonly Action<ContainerEvent> _onEvent;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long[] _waits = new long[3];
    private readonly List<Task> _loops = [];
    private DateTimeOffset _startedAt;
    private volatile bool _ready;
    private int _disposed;

    public ContainerProber(string container, ContainerProbes probes, ProbeTarget target, IProbeRunner runner, TimeProvider time, Action<ContainerEvent>? onEvent = null)
    {
        _container = container;
        _probes = probes;
        _target = target;
        _runner = runner;
        _time = time;
        _onEvent = onEvent ?? (_ => { });
        foreach (var spec in (ProbeSpec?[])[probes.Startup, probes.Liveness])
        {
            if (spec is { SuccessThreshold: not 1 })
            {
                throw new ArgumentException("Liveness and startup probes must have successThreshold 1.", nameof(probes));
            }
        }
    }

    /// <summary><c>started</c>: the startup probe has succeeded (or there is none).</summary>
    public bool Started => _started.Task.IsCompleted;

    /// <summary><c>ready</c>: started, and the readiness probe says so (or there is none).</summary>
    public bool Ready => Started && (_probes.Readiness is null || _ready);

    /// <summary>Begins probing an instance that started at <paramref name="containerStartedAt"/>.</summary>
    public void Start(DateTimeOffset containerStartedAt)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_loops.Count > 0)
        {
            return;
        }
        _startedAt = containerStartedAt;
        var ct = _stopping.Token;
        if (_probes.Startup is { } startup)
        {
            _loops.Add(RunAsync(ProbeKind.Startup, startup, ct));
        }
        else
        {
            MarkStarted();
        }
        if (_probes.Readiness is { } readiness)
        {
            _loops.Add(RunAsync(ProbeKind.Readiness, readiness, ct));
        }
        else
        {
            _ = _started.Task.ContinueWith(_ => Raise(new ReadinessChanged(_container, _time.GetUtcNow(), true)), ct, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        if (_probes.Liveness is { } liveness)
        {
            _loops.Add(RunAsync(ProbeKind.Liveness, liveness, ct));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _stopping.CancelAsync();
        foreach (var loop in _loops)
        {
            try
            {
                await loop;
            }
            catch (OperationCanceledException)
            {
                // The loops end by cancellation.
            }
        }
        _stopping.Dispose();
    }

    /// <summary>How often the loop of <paramref name="kind"/> has gone to sleep waiting for its next attempt (for tests driving a fake clock).</summary>
    internal long Waits(ProbeKind kind) => Interlocked.Read(ref _waits[(int)kind]);

    private async Task RunAsync(ProbeKind kind, ProbeSpec spec, CancellationToken ct)
    {
        if (kind != ProbeKind.Startup)
        {
            await _started.Task.WaitAsync(ct);
        }
        var firstAttempt = _startedAt + spec.InitialDelay;
        if (firstAttempt > _time.GetUtcNow())
        {
            await WaitAsync(kind, firstAttempt - _time.GetUtcNow(), ct);
        }
        ProbeResult? last = null;
        var run = 0;
        while (true)
        {
            var outcome = await _runner.RunAsync(spec.Action, _target, spec.Timeout, ct);
            ct.ThrowIfCancellationRequested();
            if (outcome.Result == last)
            {
                run++;
            }
            else
            {
                last = outcome.Result;
                run = 1;
            }
            if (outcome.Result == ProbeResult.Failure)
            {
                Raise(new ProbeFailed(_container, _time.GetUtcNow(), kind, outcome.Output));
            }
            var threshold = outcome.Result == ProbeResult.Success ? spec.SuccessThreshold : spec.FailureThreshold;
            if (run >= threshold && Apply(kind, spec, outcome.Result))
            {
                return;
            }
            await WaitAsync(kind, spec.Period, ct);
        }
    }

    /// <summary>Applies a result that crossed its threshold; true when this probe has nothing more to do.</summary>
    private bool Apply(ProbeKind kind, ProbeSpec spec, ProbeResult result)
    {
        switch (kind, result)
        {
            case (ProbeKind.Startup, ProbeResult.Success):
                MarkStarted();
                return true;
            case (ProbeKind.Startup or ProbeKind.Liveness, ProbeResult.Failure):
                var grace = spec.TerminationGracePeriodSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
                Raise(new LivenessFailed(_container, _time.GetUtcNow(), kind, grace));
                return true;
            case (ProbeKind.Readiness, _):
                var ready = result == ProbeResult.Success;
                if (_ready != ready)
                {
                    _ready = ready;
                    Raise(new ReadinessChanged(_container, _time.GetUtcNow(), ready));
                }
                return false;
            default:
                return false;
        }
    }

    private void MarkStarted()
    {
        if (_started.TrySetResult())
        {
            Raise(new StartupSucceeded(_container, _time.GetUtcNow()));
        }
    }

    private async Task WaitAsync(ProbeKind kind, TimeSpan delay, CancellationToken ct)
    {
        var wait = Task.Delay(delay, _time, ct);
        Interlocked.Increment(ref _waits[(int)kind]);
        await wait;
    }

    private void Raise(ContainerEvent containerEvent) => _onEvent(containerEvent);
}
