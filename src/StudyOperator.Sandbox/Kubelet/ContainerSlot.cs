using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using StudyOperator.Sandbox.Node;

namespace StudyOperator.Sandbox.Kubelet;

/// <summary>
/// One container of a pod on the sandbox node: a supervised process with its prober (local images), or a
/// virtual container that is running and ready with no process (every other image, as KWOK does).
/// </summary>
internal sealed class ContainerSlot : IAsyncDisposable
{
    private readonly ContainerSupervisor? supervisor;
    private readonly ContainerProbes probes;
    private readonly ProbeTarget? target;
    private readonly IProbeRunner? runner;
    private readonly TimeProvider time;
    private readonly TimeSpan podGrace;
    private readonly Action changed;
    private readonly Action<string, string, string> record;
    private readonly Lock gate = new();
    private readonly List<Task> background = [];
    private readonly ContainerLog virtualLog = new();
    private readonly string virtualId = "sandbox://" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
    private ContainerProber? prober;
    private DateTimeOffset virtualStarted;
    private ContainerStateTerminated? virtualTerminated;

    private ContainerSlot(string name, string image, TimeProvider time, Action changed, Action<string, string, string> record, ContainerSupervisor? supervisor = null, ContainerProbes? probes = null, ProbeTarget? target = null, IProbeRunner? runner = null, TimeSpan podGrace = default)
    {
        Name = name;
        Image = image;
        this.time = time;
        this.changed = changed;
        this.record = record;
        this.supervisor = supervisor;
        this.probes = probes ?? ContainerProbes.None;
        this.target = target;
        this.runner = runner;
        this.podGrace = podGrace;
    }

    public string Name { get; }

    public string Image { get; }

    public bool IsProcess => supervisor is not null;

    /// <summary>The container will not run again (its restart policy said no, or the pod is being removed).</summary>
    public bool Finished
    {
        get
        {
            lock (gate)
            {
                return supervisor is null ? virtualTerminated is not null : supervisor.Completion.IsCompleted && supervisor.Status.State is ContainerStateTerminated;
            }
        }
    }

    public ContainerStatus Status
    {
        get
        {
            if (supervisor is null)
            {
                lock (gate)
                {
                    return virtualTerminated is { } t
                        ? new ContainerStatus(Name, t, null, 0, virtualId, false, false)
                        : new ContainerStatus(Name, new ContainerStateRunning(virtualStarted), null, 0, virtualId, true, true);
                }
            }

            ContainerProber? current;
            lock (gate)
            {
                current = prober;
            }

            return supervisor.Status.WithProbes(current?.Started ?? false, current?.Ready ?? false);
        }
    }

    /// <summary>A container with no process. <paramref name="record"/> writes an Event (type, reason, message) about it.</summary>
    public static ContainerSlot Virtual(string name, string image, TimeProvider time, Action changed, Action<string, string, string> record) => new(name, image, time, changed, record);

    public static ContainerSlot Process(ContainerProcessSpec spec, string image, RestartPolicy restartPolicy, PodIdentity pod, PodDirectory directory, ContainerProbes probes, ProbeTarget target, IProbeRunner runner, TimeProvider time, TimeSpan podGrace, Action changed, Action<string, string, string> record, ILogger logger)
    {
        ContainerSlot? slot = null;
        var supervisor = new ContainerSupervisor(spec, restartPolicy, pod, directory, time, e => slot!.OnEvent(e, pod), logger);
        slot = new ContainerSlot(spec.Name, image, time, changed, record, supervisor, probes, target, runner, podGrace);
        return slot;
    }

    public void Start()
    {
        if (supervisor is null)
        {
            virtualStarted = time.GetUtcNow();
            virtualLog.Complete();
            RecordStarted();
            return;
        }

        supervisor.Start();
        Track(supervisor.Completion.ContinueWith(_ => changed(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
    }

    public ContainerLogLookup FindLog(bool previous) =>
        supervisor?.FindLog(previous)
        ?? (previous ? new ContainerLogLookup(null, $"previous terminated container \"{Name}\" not found") : new ContainerLogLookup(virtualLog, null));

    /// <summary>Pod deletion: SIGTERM, then SIGKILL after <paramref name="grace"/>; no restart afterwards.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (Status.State is ContainerStateRunning)
        {
            record("Normal", "Killing", $"Stopping container {Name}");
        }

        if (supervisor is null)
        {
            lock (gate)
            {
                var now = time.GetUtcNow();
                virtualTerminated ??= new ContainerStateTerminated(0, "Completed", null, virtualStarted, now, virtualId);
            }

            return;
        }

        await supervisor.StopAsync(grace);
    }

    /// <summary>A second delete with a shorter grace period: SIGTERM again and SIGKILL when the shorter period is over.</summary>
    public void Shorten(TimeSpan grace)
    {
        if (supervisor is not null)
        {
            Track(supervisor.KillAsync(grace));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (supervisor is not null)
        {
            await supervisor.DisposeAsync();
        }

        ContainerProber? current;
        Task[] pending;
        lock (gate)
        {
            current = prober;
            prober = null;
            pending = [.. background];
        }

        if (current is not null)
        {
            await current.DisposeAsync();
        }

        await Task.WhenAll(pending);
    }

    private void RecordStarted()
    {
        record("Normal", "Pulled", $"Container image \"{Image}\" already present on machine");
        record("Normal", "Created", $"Created container: {Name}");
        record("Normal", "Started", $"Started container {Name}");
    }

    private void OnEvent(ContainerEvent e, PodIdentity pod)
    {
        switch (e)
        {
            case ContainerStarted:
                RecordStarted();
                var next = new ContainerProber(Name, probes, target!, runner!, time, probeEvent => OnEvent(probeEvent, pod));
                ContainerProber? old;
                lock (gate)
                {
                    old = prober;
                    prober = next;
                }

                if (old is not null)
                {
                    Track(old.DisposeAsync().AsTask());
                }

                next.Start(e.Time);
                break;
            case ContainerExited:
                ContainerProber? ended;
                lock (gate)
                {
                    ended = prober;
                    prober = null;
                }

                if (ended is not null)
                {
                    Track(ended.DisposeAsync().AsTask());
                }

                break;
            case LivenessFailed failed:
                record("Normal", "Killing", failed.Message);
                Track(supervisor!.KillAsync(failed.GracePeriod ?? podGrace));
                break;
            case ProbeFailed failed:
                record("Warning", "Unhealthy", failed.Message);
                return;
            case ContainerBackOff:
                record("Warning", "BackOff", $"Back-off restarting failed container {Name} in pod {pod}");
                break;
            case ContainerStartFailed failed:
                record("Warning", "Failed", $"Error: {failed.Message}");
                break;
        }

        changed();
    }

    private void Track(Task task)
    {
        lock (gate)
        {
            background.RemoveAll(t => t.IsCompleted);
            background.Add(task);
        }
    }
}
