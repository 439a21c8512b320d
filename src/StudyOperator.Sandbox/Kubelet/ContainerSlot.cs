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
    private readonly Lock gate = new();
    private readonly List<Task> background = [];
    private readonly ContainerLog virtualLog = new();
    private readonly string virtualId = "sandbox://" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
    private ContainerProber? prober;
    private DateTimeOffset virtualStarted;
    private ContainerStateTerminated? virtualTerminated;

    private ContainerSlot(string name, string image, TimeProvider time, Action changed, ContainerSupervisor? supervisor = null, ContainerProbes? probes = null, ProbeTarget? target = null, IProbeRunner? runner = null, TimeSpan podGrace = default)
    {
        Name = name;
        Image = image;
        this.time = time;
        this.changed = changed;
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

    public static ContainerSlot Virtual(string name, string image, TimeProvider time, Action changed) => new(name, image, time, changed);

    public static ContainerSlot Process(ContainerProcessSpec spec, string image, RestartPolicy restartPolicy, PodIdentity pod, PodDirectory directory, ContainerProbes probes, ProbeTarget target, IProbeRunner runner, TimeProvider time, TimeSpan podGrace, Action changed, ILogger logger)
    {
        ContainerSlot? slot = null;
        var supervisor = new ContainerSupervisor(spec, restartPolicy, pod, directory, time, e => slot!.OnEvent(e), logger);
        slot = new ContainerSlot(spec.Name, image, time, changed, supervisor, probes, target, runner, podGrace);
        return slot;
    }

    public void Start()
    {
        if (supervisor is null)
        {
            virtualStarted = time.GetUtcNow();
            virtualLog.Complete();
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

    private void OnEvent(ContainerEvent e)
    {
        switch (e)
        {
            case ContainerStarted:
                var next = new ContainerProber(Name, probes, target!, runner!, time, OnEvent);
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
                Track(supervisor!.KillAsync(failed.GracePeriod ?? podGrace));
                break;
            case ProbeFailed:
                return;
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
