using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StudyOperator.Sandbox.Node;

/// <summary>
/// Keeps one container of a pod running the way the kubelet does: starts it, applies the pod's restart
/// policy when it exits, waits out CrashLoopBackOff between restarts, and keeps the core/v1 status
/// (state, lastState, restartCount) and the current and previous logs.
/// </summary>
/// <remarks>
/// Probes are not part of this class: a <see cref="ContainerProber"/> reports a liveness or startup failure
/// and its owner calls <see cref="KillAsync"/>, after which the restart policy decides as for any exit.
/// </remarks>
internal sealed class ContainerSupervisor : IAsyncDisposable
{
    private readonly ContainerProcessSpec _spec;
    private readonly RestartPolicy _restartPolicy;
    private readonly PodIdentity _pod;
    private readonly PodDirectory _podDirectory;
    private readonly TimeProvider _time;
    private readonly Action<ContainerEvent> _onEvent;
    private readonly ILogger _logger;
    private readonly CrashLoopBackOff _backOff;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly int _logLines;
    // Logs of the instances the status still names (current or last one, and lastState's), by container id.
    private readonly Dictionary<string, ContainerLog> _logs = new(StringComparer.Ordinal);

    private ContainerStatus _status;
    private ContainerProcess? _current;
    private Task _run = Task.CompletedTask;
    private int _disposed;

    public ContainerSupervisor(
        ContainerProcessSpec spec,
        RestartPolicy restartPolicy,
        PodIdentity pod,
        PodDirectory podDirectory,
        TimeProvider time,
        Action<ContainerEvent>? onEvent = null,
        ILogger? logger = null,
        int logLines = ContainerLog.DefaultMaxLines)
    {
        _spec = spec;
        _restartPolicy = restartPolicy;
        _pod = pod;
        _podDirectory = podDirectory;
        _time = time;
        _onEvent = onEvent ?? (_ => { });
        _logger = logger ?? NullLogger.Instance;
        _backOff = new CrashLoopBackOff(time);
        _logLines = logLines;
        _status = new ContainerStatus(spec.Name, new ContainerStateWaiting(ContainerStateWaiting.ContainerCreating), null, 0, null, Ready: false, Started: false);
    }

    public string Name => _spec.Name;

    public ContainerStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    /// <summary>The running instance, if any (its pid, container id and log).</summary>
    public ContainerProcess? Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>The current back-off window (zero until the first restart).</summary>
    public TimeSpan BackOffPeriod
    {
        get
        {
            lock (_gate)
            {
                return _backOff.Period;
            }
        }
    }

    /// <summary>Completes when the container will never run again (restart policy said no, or it was stopped).</summary>
    public Task Completion => _run;

    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_gate)
        {
            if (_run.IsCompleted && _status.State is ContainerStateWaiting { Reason: ContainerStateWaiting.ContainerCreating })
            {
                _run = RunAsync(_stopping.Token);
            }
        }
    }

    /// <summary>
    /// The log <c>kubectl logs</c> reads, chosen as the kubelet's validateContainerLogStatus does: with
    /// <paramref name="previous"/> the last terminated instance; otherwise the running instance, or the
    /// terminated one when nothing runs (so a container in CrashLoopBackOff shows its last crash).
    /// </summary>
    public ContainerLogLookup FindLog(bool previous)
    {
        lock (_gate)
        {
            var status = _status;
            var lastId = status.LastState?.ContainerId;
            string? id;
            if (previous)
            {
                id = lastId;
                if (string.IsNullOrEmpty(id))
                {
                    return new ContainerLogLookup(null, $"previous terminated container \"{Name}\" in pod \"{_pod.Name}\" not found");
                }
            }
            else
            {
                id = status.State switch
                {
                    ContainerStateRunning => status.ContainerId,
                    ContainerStateTerminated { ContainerId.Length: > 0 } terminated => terminated.ContainerId,
                    _ when !string.IsNullOrEmpty(lastId) => lastId,
                    _ => null,
                };
                if (id is null)
                {
                    return new ContainerLogLookup(null, status.State switch
                    {
                        ContainerStateWaiting waiting => $"container \"{Name}\" in pod \"{_pod.Name}\" is waiting to start: {waiting.Reason}",
                        _ => $"container \"{Name}\" in pod \"{_pod.Name}\" is terminated",
                    });
                }
            }
            return _logs.TryGetValue(id, out var log)
                ? new ContainerLogLookup(log, null)
                : new ContainerLogLookup(null, $"container \"{Name}\" in pod \"{_pod.Name}\" has no log for {id}");
        }
    }

    /// <summary>
    /// Kills the running instance after a failed liveness or startup probe, with the probe's
    /// terminationGracePeriodSeconds or the pod's. The restart policy then applies as for any other exit.
    /// </summary>
    public async Task KillAsync(TimeSpan gracePeriod, CancellationToken ct = default)
    {
        var current = Current;
        if (current is not null)
        {
            await current.StopAsync(gracePeriod, ct);
        }
    }

    /// <summary>Stops the container for good (pod deletion): no more restarts, SIGTERM, then SIGKILL after the grace period.</summary>
    public async Task StopAsync(TimeSpan gracePeriod, CancellationToken ct = default)
    {
        await _stopping.CancelAsync();
        var current = Current;
        if (current is not null)
        {
            await current.StopAsync(gracePeriod, ct);
        }
        await _run.WaitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _stopping.CancelAsync();
        var current = Current;
        if (current is not null)
        {
            await current.DisposeAsync();
        }
        await _run;
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var terminated = await RunOnceAsync();
            if (terminated is null)
            {
                return;
            }
            var willRestart = !stopping.IsCancellationRequested && _restartPolicy switch
            {
                RestartPolicy.Always => true,
                RestartPolicy.OnFailure => terminated.ExitCode != 0,
                _ => false,
            };
            Raise(new ContainerExited(Name, terminated.FinishedAt, terminated, willRestart));
            if (!willRestart)
            {
                return;
            }

            Task? backOff = null;
            TimeSpan period;
            DateTimeOffset restartAt;
            lock (_gate)
            {
                restartAt = _backOff.RestartAllowedAt(terminated.FinishedAt);
                period = _backOff.Period;
                var wait = restartAt - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    // The timer exists before the status says CrashLoopBackOff, so whoever sees that status can
                    // rely on the restart being scheduled (tests advance a fake clock on it).
                    backOff = Task.Delay(wait, _time, stopping);
                    var message = $"back-off {CrashLoopBackOff.Format(period)} restarting failed container={Name} pod={_pod}";
                    _status = _status with
                    {
                        State = new ContainerStateWaiting(ContainerStateWaiting.CrashLoopBackOff, message),
                        LastState = terminated,
                    };
                    PruneLogs();
                }
            }
            if (backOff is not null)
            {
                Log.ContainerBackingOff(_logger, _pod.Namespace, _pod.Name, Name, period);
                Raise(new ContainerBackOff(Name, _time.GetUtcNow(), period, restartAt));
                try
                {
                    await backOff;
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    lock (_gate)
                    {
                        // A deleted pod's container shows how it last ended.
                        _status = _status with { State = terminated };
                    }
                    return;
                }
            }
            lock (_gate)
            {
                _backOff.Next(terminated.FinishedAt);
                _status = _status with { LastState = terminated, RestartCount = _status.RestartCount + 1 };
                PruneLogs();
            }
        }
    }

    /// <summary>
    /// Runs one instance to its end and returns how it ended (the status shows it as terminated), or null when
    /// the supervisor is stopping and no instance was started.
    /// </summary>
    private async Task<ContainerStateTerminated?> RunOnceAsync()
    {
        var log = new ContainerLog(_logLines);
        ContainerProcess? instance = null;
        ContainerStartFailed? startFailure = null;
        ContainerStateTerminated? failed = null;
        var restartCount = 0;
        lock (_gate)
        {
            // Checked under the lock StopAsync reads Current with: either no instance starts, or StopAsync sees it.
            if (_stopping.IsCancellationRequested)
            {
                return null;
            }
            try
            {
                instance = ContainerProcess.Start(_spec, _pod, _podDirectory, log, _time, _logger);
                _current = instance;
                _logs[instance.ContainerId] = log;
                _status = _status with
                {
                    State = new ContainerStateRunning(instance.StartedAt),
                    ContainerId = instance.ContainerId,
                    Started = true,
                    Ready = false,
                };
                PruneLogs();
                restartCount = _status.RestartCount;
            }
            catch (ContainerStartException e)
            {
                var now = _time.GetUtcNow();
                failed = new ContainerStateTerminated(128, ContainerStateTerminated.StartError, e.Message, now, now, null);
                _status = _status with { State = failed, Started = false, Ready = false };
                Log.ContainerStartFailed(_logger, _pod.Namespace, _pod.Name, Name, e.Message);
                startFailure = new ContainerStartFailed(Name, now, e.Message);
            }
        }
        if (instance is null)
        {
            Raise(startFailure!);
            return failed;
        }
        Raise(new ContainerStarted(Name, instance.StartedAt, instance.ContainerId, restartCount));

        // Not cancellable: stopping works by ending the process, and this wait observes that end.
        var exit = await instance.Exited;
        await instance.DisposeAsync();
        var terminated = ContainerStateTerminated.From(exit, instance.ContainerId);
        lock (_gate)
        {
            _current = null;
            _status = _status with { State = terminated, Started = false, Ready = false };
        }
        return terminated;
    }

    /// <summary>Drops logs of instances the status no longer names (called under the lock).</summary>
    private void PruneLogs()
    {
        foreach (var id in _logs.Keys.ToList())
        {
            if (id != _status.ContainerId && id != _status.LastState?.ContainerId)
            {
                _logs.Remove(id);
            }
        }
    }

    private void Raise(ContainerEvent containerEvent) => _onEvent(containerEvent);
}
