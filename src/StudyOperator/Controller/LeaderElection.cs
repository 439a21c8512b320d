using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StudyOperator.Controller;

/// <summary>
/// Leader election on a Lease, as a hosted service: a thin wrapper over KubernetesClient's <see cref="LeaderElector"/>
/// with the timings taken from options. With election off it leads at once. It keeps competing for the lease after a
/// loss; what to do on <see cref="StoppedLeading"/> (controller-runtime exits the process) is the host's decision.
/// </summary>
internal sealed class LeaderElection : BackgroundService
{
    private readonly LeaderElectionOptions options;
    private readonly ILock? leaseLock;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private TaskCompletionSource leading = NewSignal();
    private bool isLeader;

    /// <param name="options">Timings and identity.</param>
    /// <param name="leaseLock">The lock to compete for; may be null only when election is disabled.</param>
    /// <param name="logger">Where leadership changes are logged.</param>
    public LeaderElection(LeaderElectionOptions options, ILock? leaseLock, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Enabled && leaseLock is null)
        {
            throw new ArgumentNullException(nameof(leaseLock), "Leader election is enabled but no lock was given.");
        }

        this.options = options;
        this.leaseLock = leaseLock;
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Raised when this replica becomes the leader (at once when election is off).</summary>
    public event EventHandler? StartedLeading;

    /// <summary>Raised when this replica stops leading: the renewal failed or the service is stopping.</summary>
    public event EventHandler? StoppedLeading;

    public bool IsLeader
    {
        get
        {
            lock (gate)
            {
                return isLeader;
            }
        }
    }

    /// <summary>A Lease lock in the configured namespace; pass null client when election is off.</summary>
    public static LeaderElection ForLease(LeaderElectionOptions options, IKubernetes? client, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var leaseLock = options.Enabled
            ? new LeaseLock(client ?? throw new ArgumentNullException(nameof(client)), options.LeaseNamespace, options.LeaseName, options.Identity)
            : null;
        return new LeaderElection(options, leaseLock, logger);
    }

    /// <summary>Completes when this replica leads.</summary>
    public Task WaitForLeadershipAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return leading.Task.WaitAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            Log.LeaderElectionDisabled(logger, options.Identity);
            BecomeLeader();
            try
            {
                await Task.Delay(Timeout.Infinite, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping.
            }
            finally
            {
                StopLeading();
            }

            return;
        }

        using var elector = new LeaderElector(new LeaderElectionConfig(leaseLock!)
        {
            LeaseDuration = options.LeaseDuration,
            RenewDeadline = options.RenewDeadline,
            RetryPeriod = options.RetryPeriod,
        });
        elector.OnStartedLeading += BecomeLeader;
        elector.OnStoppedLeading += StopLeading;
        elector.OnNewLeader += leader => Log.NewLeader(logger, options.LeaseNamespace, options.LeaseName, leader);
        elector.OnError += error => Log.LeaderElectionError(logger, error, options.LeaseNamespace, options.LeaseName);
        try
        {
            await elector.RunAndTryToHoldLeadershipForeverAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            StopLeading();
        }
    }

    private void BecomeLeader()
    {
        lock (gate)
        {
            if (isLeader)
            {
                return;
            }

            isLeader = true;
            leading.TrySetResult();
        }

        Log.StartedLeading(logger, options.Identity);
        StartedLeading?.Invoke(this, EventArgs.Empty);
    }

    private void StopLeading()
    {
        lock (gate)
        {
            if (!isLeader)
            {
                return;
            }

            isLeader = false;
            leading = NewSignal();
        }

        Log.StoppedLeading(logger, options.Identity);
        StoppedLeading?.Invoke(this, EventArgs.Empty);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
