using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Controller;
using StudyOperator.Kube;
using StudyOperator.Reconciliation;

namespace StudyOperator.Operator;

/// <summary>
/// The operator's moving parts for one cluster connection: informers for labs and their
/// children, the StudyLab controller, and the leader election that gates it.
/// </summary>
internal sealed class OperatorRuntime : IDisposable
{
    private readonly IReadOnlyList<Func<CancellationToken, Task>> _informers;

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

        var reconciler = new StudyLabReconciler(
            new LabChildren(client, Deployments, Services),
            Deployments,
            new LabStatusWriter(client),
            new EventRecorder(client, time, "study-operator", Identity),
            time,
            options.Image,
            loggers.CreateLogger<StudyLabReconciler>());
        Controller = new Controller<V1Alpha1StudyLab>(
            new ControllerOptions { Name = "studylab", Workers = options.MaxConcurrentReconciles }, Labs, new NamespaceFilter(reconciler, options.Namespaces), time, metrics, logger);
        Controller.Owns(Deployments, StudyLabGroup.ApiVersion, StudyLabGroup.Kind);
        Controller.Owns(Services, StudyLabGroup.ApiVersion, StudyLabGroup.Kind);
        _informers = [Labs.RunAsync, Deployments.RunAsync, Services.RunAsync];

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

    public Controller<V1Alpha1StudyLab> Controller { get; }

    public LeaderElection Leader { get; }

    public bool CachesSynced => Labs.HasSynced && Deployments.HasSynced && Services.HasSynced;

    /// <summary>Informers run on every replica (a warm standby); the controller only while this one leads.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var informers = _informers.Select(run => run(cancellationToken)).ToList();
        await Leader.WaitForLeadershipAsync(cancellationToken);
        using var leadership = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Leader.StoppedLeading += (_, _) => leadership.Cancel();
        await Controller.RunAsync(leadership.Token);
        await Task.WhenAll(informers);
    }

    public void Dispose() => Controller.Dispose();
}
