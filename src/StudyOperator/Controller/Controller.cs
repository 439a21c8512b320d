using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace StudyOperator.Controller;

/// <summary>
/// Ties an informer to a work queue and a reconciler: every change of a watched object (or of a child it owns)
/// enqueues its key; workers read the object from the cache and reconcile it, with a span and metrics per pass.
/// </summary>
internal sealed class Controller<T> : IDisposable where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly List<Func<CancellationToken, Task>> cacheSyncs = [];
    private readonly ControllerOptions options;
    private readonly Informer<T> informer;
    private readonly IReconciler<T> reconciler;
    private readonly TimeProvider time;
    private readonly ControllerMetrics metrics;
    private readonly ILogger logger;

    public Controller(ControllerOptions options, Informer<T> informer, IReconciler<T> reconciler, TimeProvider time, ControllerMetrics metrics, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        this.informer = informer ?? throw new ArgumentNullException(nameof(informer));
        this.reconciler = reconciler ?? throw new ArgumentNullException(nameof(reconciler));
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        Queue = new WorkQueue<ObjectKey>(options.Name, options.Queue, time, metrics, logger);
        informer.AddEventHandler(new InformerEventHandler<T>
        {
            OnAdd = obj => Queue.Add(ObjectKey.Of(obj)),
            OnUpdate = (_, obj) => Queue.Add(ObjectKey.Of(obj)),
            OnDelete = obj => Queue.Add(ObjectKey.Of(obj)),
        });
        cacheSyncs.Add(informer.WaitForSyncAsync);
    }

    public string Name => options.Name;

    public WorkQueue<ObjectKey> Queue { get; }

    /// <summary>Reconciles the owner when a child it controls changes (the child's controller ownerReference names it).</summary>
    public void Owns<TChild>(Informer<TChild> children, string ownerApiVersion, string ownerKind) where TChild : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(children);
        children.AddEventHandler(OwnerReferences.EnqueueOwner<TChild>(Queue, ownerApiVersion, ownerKind));
        cacheSyncs.Add(children.WaitForSyncAsync);
    }

    /// <summary>Reconciles the keys a mapping picks for any change of another kind of object.</summary>
    public void Watches<TOther>(Informer<TOther> others, Func<TOther, IEnumerable<ObjectKey>> map) where TOther : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(others);
        ArgumentNullException.ThrowIfNull(map);
        void Enqueue(TOther obj)
        {
            foreach (var key in map(obj))
            {
                Queue.Add(key);
            }
        }

        others.AddEventHandler(new InformerEventHandler<TOther> { OnAdd = Enqueue, OnUpdate = (_, obj) => Enqueue(obj), OnDelete = Enqueue });
        cacheSyncs.Add(others.WaitForSyncAsync);
    }

    /// <summary>
    /// Waits until every informer this controller reads has listed once, then reconciles until cancelled and shuts
    /// down gracefully. The informers are run by the caller (they may be shared between controllers).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(cacheSyncs.Select(sync => sync(cancellationToken)));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped before the caches were ready: nothing was started, so there is nothing to drain.
            return;
        }

        Log.ControllerStarting(logger, Name, options.Workers);
        await Queue.RunWorkersAsync(options.Workers, ReconcileAsync, cancellationToken);
    }

    public void Dispose() => Queue.Dispose();

    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "A reconcile exception becomes a retry with backoff and is logged with its severity; it is recorded, not hidden.")]
    internal async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var keyText = key.ToString();
        // Tags go in at creation so samplers and listeners see which object the span is about.
        using var activity = ControllerDiagnostics.Source.StartActivity(
            ActivityKind.Internal,
            tags: [new("controller", Name), new("k8s.namespace.name", key.Namespace), new("k8s.object.name", key.Name)],
            name: $"reconcile {Name}");
        using var scope = Log.ReconcileScope(logger, Name, keyText);

        var started = time.GetTimestamp();
        ReconcileResult result;
        try
        {
            result = informer.TryGet(key, out var obj)
                ? await reconciler.ReconcileAsync(obj, cancellationToken)
                : await reconciler.ReconcileDeletedAsync(key, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            result = ReconcileResult.FromException(ex, time);
            if (ReconcileResult.IsApiOrTransportError(ex))
            {
                Log.ReconcileFailed(logger, ex, keyText);
            }
            else
            {
                Log.ReconcileCrashed(logger, ex, keyText);
            }

            activity?.AddException(ex);
        }

        var elapsed = time.GetElapsedTime(started);
        metrics.Reconciled(Name, result, elapsed);
        activity?.SetTag("reconcile.result", ControllerMetrics.ResultTag(result));
        switch (result.Kind)
        {
            case ReconcileResultKind.TerminalFailure:
                Log.ReconcileTerminal(logger, keyText, result.Reason);
                activity?.SetStatus(ActivityStatusCode.Error, result.Reason);
                break;
            case ReconcileResultKind.Retry:
                activity?.SetStatus(ActivityStatusCode.Error, result.Reason);
                break;
            default:
                Log.Reconciled(logger, keyText, result, elapsed);
                break;
        }

        return result;
    }
}
