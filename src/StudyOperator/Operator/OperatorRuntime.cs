using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Controller;
using StudyOperator.Kube;
using StudyOperator.Labs;
using StudyOperator.Reconciliation;
using StudyOperator.Workload;

namespace StudyOperator.Operator;

/// <summary>
/// The operator's moving parts for one cluster connection: informers for labs and their
/// children, the StudyLab controller, and the leader election that gates it.
/// </summary>
internal sealed class OperatorRuntime : IDisposable
{
    private readonly IReadOnlyList<Func<CancellationToken, Task>> _informers;
    private readonly System.Diagnostics.Metrics.Meter _labMeter = new(LabMetrics.MeterName);

    public OperatorRuntime(IKubernetes client, OperatorOptions options, TimeProvider time, ControllerMetrics metrics, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("StudyOperator.Controller");
        Identity = string.IsNullOrEmpty(options.Identity) ? DefaultIdentity : options.Identity;
        var watched = options.Namespaces.Count == 1 ? options.Namespaces[0] : null;
        Labs = new Informer<V1Alpha1StudyLab>(
            KubernetesSources.Custom<V1Alpha1StudyLab>(client, StudyLabGroup.Group, StudyLabGroup.Version, StudyLabGroup.Plural),
            new InformerOptions { Name = "studylabs", Namespace = watched, ResyncPeriod = options.ResyncPeriod },
            time, metrics, logger);
        Deployments = new Informer<V1Deployment>(KubernetesSources.Deployments(client), new InformerOptions { Name = "deployments", Namespace = watched }, time, metrics, logger);
        Services = new Informer<V1Service>(KubernetesSources.Services(client), new InformerOptions { Name = "services", Namespace = watched }, time, metrics, logger);
        // Only objects that carry a lab label (any lab): the demo pods, their ReplicaSets and the probe Jobs and pods.
        ReplicaSets = new Informer<V1ReplicaSet>(KubernetesSources.ReplicaSets(client, labelSelector: LabLabels.Lab), new InformerOptions { Name = "replicasets", Namespace = watched }, time, metrics, logger);
        Pods = new Informer<V1Pod>(KubernetesSources.Pods(client, labelSelector: LabLabels.Lab), new InformerOptions { Name = "pods", Namespace = watched }, time, metrics, logger);
        Jobs = new Informer<V1Job>(KubernetesSources.Jobs(client, labelSelector: LabLabels.Lab), new InformerOptions { Name = "jobs", Namespace = watched }, time, metrics, logger);
        EndpointSlices = new Informer<V1EndpointSlice>(KubernetesSources.EndpointSlices(client), new InformerOptions { Name = "endpointslices", Namespace = watched }, time, metrics, logger);

        Events = new EventRecorder(client, time, "study-operator", Identity, loggers.CreateLogger<EventRecorder>());
        var caches = new LabCaches(Deployments, ReplicaSets, Pods, Jobs, EndpointSlices);
        caches.Index();
        var reconciler = new StudyLabReconciler(
            new LabChildren(client, Deployments, Services, time),
            Deployments,
            new LabStatusWriter(client),
            Events,
            caches,
            new LabEngine(options.Image, LabEngine.NewSession()),
            new LabActions(client, new PodProxyFaults(client), loggers.CreateLogger<LabActions>()),
            new LabMetrics(_labMeter),
            time,
            options.Image,
            loggers.CreateLogger<StudyLabReconciler>());
        Controller = new Controller<V1Alpha1StudyLab>(
            new ControllerOptions { Name = "studylab", Workers = options.MaxConcurrentReconciles }, Labs, new NamespaceFilter(reconciler, options.Namespaces), time, metrics, logger);
        Controller.Owns(Deployments, StudyLabGroup.ApiVersion, StudyLabGroup.Kind);
        Controller.Owns(Services, StudyLabGroup.ApiVersion, StudyLabGroup.Kind);
        Controller.Owns(Jobs, StudyLabGroup.ApiVersion, StudyLabGroup.Kind);
        // Pods and ReplicaSets belong to the lab through its Deployment; EndpointSlices through its Service.
        Controller.Watches(Pods, p => LabCaches.LabOf(p.Metadata));
        Controller.Watches(ReplicaSets, rs => LabCaches.LabOf(rs.Metadata));
        Controller.Watches(EndpointSlices, LabCaches.LabOfSlice);
        _informers = [Events.RunAsync, Labs.RunAsync, Deployments.RunAsync, Services.RunAsync, ReplicaSets.RunAsync, Pods.RunAsync, Jobs.RunAsync, EndpointSlices.RunAsync];

        Leader = LeaderElection.ForLease(
            new LeaderElectionOptions
            {
                Enabled = options.LeaderElection,
                LeaseName = options.LeaseName,
                LeaseNamespace = options.LeaseNamespace ?? Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? "default",
                Identity = Identity,
                LeaseDuration = options.LeaseDuration,
                RenewDeadline = options.RenewDeadline,
                RetryPeriod = options.RetryPeriod,
            },
            client,
            loggers.CreateLogger<LeaderElection>());
    }

    /// <summary>This replica's name in Leases and Events: the pod name in a cluster, else host and process id.</summary>
    public static string DefaultIdentity { get; } = Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod
        ? pod
        : $"{Environment.MachineName}-{Environment.ProcessId}";

    public string Identity { get; }

    public Informer<V1Alpha1StudyLab> Labs { get; }

    public Informer<V1Deployment> Deployments { get; }

    public Informer<V1Service> Services { get; }

    public Informer<V1ReplicaSet> ReplicaSets { get; }

    public Informer<V1Pod> Pods { get; }

    public Informer<V1Job> Jobs { get; }

    public Informer<V1EndpointSlice> EndpointSlices { get; }

    public Controller<V1Alpha1StudyLab> Controller { get; }

    /// <summary>Sends the controller's Events in the background (its loop runs with the informers).</summary>
    public EventRecorder Events { get; }

    public LeaderElection Leader { get; }

    public bool CachesSynced => Labs.HasSynced && Deployments.HasSynced && Services.HasSynced
        && ReplicaSets.HasSynced && Pods.HasSynced && Jobs.HasSynced && EndpointSlices.HasSynced;

    /// <summary>Informers (and the Event sender) run on every replica (a warm standby); the controller only while this one leads.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var informers = _informers.Select(run => run(cancellationToken)).ToList();
        using var leadership = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnStoppedLeading(object? sender, EventArgs e) => leadership.Cancel();
        Leader.StoppedLeading += OnStoppedLeading;
        try
        {
            // An informer ends early only on an error it cannot retry (transient ones it retries itself): then the
            // caches never sync, so the operator stops with that error instead of waiting for them forever.
            var informerFailure = Tasks.FirstFailureAsync(informers);
            var leading = LeadAsync(leadership.Token);
            if (await Task.WhenAny(leading, informerFailure) == informerFailure && informerFailure.IsFaulted)
            {
                await leadership.CancelAsync();
                await informerFailure;
            }

            await leading;
            await Task.WhenAll(informers);
        }
        finally
        {
            // The election reports "stopped leading" on shutdown too, after this method is done with the source.
            Leader.StoppedLeading -= OnStoppedLeading;
        }
    }

    private async Task LeadAsync(CancellationToken cancellationToken)
    {
        await Leader.WaitForLeadershipAsync(cancellationToken);
        await Controller.RunAsync(cancellationToken);
    }

    public void Dispose()
    {
        Controller.Dispose();
        _labMeter.Dispose();
    }
}
