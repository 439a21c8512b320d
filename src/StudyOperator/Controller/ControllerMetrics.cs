using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace StudyOperator.Controller;

/// <summary>
/// The plumbing's instruments: one instrument per concept, the queue, informer or controller name as a tag,
/// so dashboards aggregate across controllers. Names follow controller-runtime's Prometheus names with our prefix.
/// </summary>
internal sealed class ControllerMetrics
{
    public const string MeterName = "StudyOperator.Controller";

    private readonly UpDownCounter<long> depth;
    private readonly Counter<long> adds;
    private readonly Counter<long> retries;
    private readonly Histogram<double> queueDuration;
    private readonly Histogram<double> workDuration;
    private readonly Counter<long> informerEvents;
    private readonly Counter<long> relists;
    private readonly Counter<long> watchRestarts;
    private readonly Counter<long> reconciles;
    private readonly Histogram<double> reconcileDuration;

    public ControllerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(MeterName);
        depth = Meter.CreateUpDownCounter<long>("studyoperator_workqueue_depth", "{item}", "Keys waiting in the work queue, ready to be processed.");
        adds = Meter.CreateCounter<long>("studyoperator_workqueue_adds_total", "{item}", "Keys added to the work queue (after de-duplication).");
        retries = Meter.CreateCounter<long>("studyoperator_workqueue_retries_total", "{item}", "Keys re-added after a failed attempt.");
        queueDuration = Meter.CreateHistogram<double>("studyoperator_workqueue_queue_duration_seconds", "s", "Time a key waited in the queue before a worker took it.");
        workDuration = Meter.CreateHistogram<double>("studyoperator_workqueue_work_duration_seconds", "s", "Time a worker spent on one key.");
        informerEvents = Meter.CreateCounter<long>("studyoperator_informer_events_total", "{event}", "Watch events applied to an informer cache, by type.");
        relists = Meter.CreateCounter<long>("studyoperator_informer_lists_total", "{list}", "Full lists made by an informer (initial list and relists after 410 Gone).");
        watchRestarts = Meter.CreateCounter<long>("studyoperator_informer_watch_restarts_total", "{watch}", "Watches re-opened by an informer, by reason.");
        reconciles = Meter.CreateCounter<long>("studyoperator_controller_reconciles_total", "{reconcile}", "Reconciles, by result.");
        reconcileDuration = Meter.CreateHistogram<double>("studyoperator_controller_reconcile_duration_seconds", "s", "Time one reconcile took.");
    }

    public Meter Meter { get; }

    internal void QueueDepthChanged(string queue, int delta) => depth.Add(delta, new KeyValuePair<string, object?>("queue", queue));

    internal void QueueAdded(string queue) => adds.Add(1, new KeyValuePair<string, object?>("queue", queue));

    internal void QueueRetried(string queue) => retries.Add(1, new KeyValuePair<string, object?>("queue", queue));

    internal void QueueWaited(string queue, TimeSpan waited) => queueDuration.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("queue", queue));

    internal void QueueWorked(string queue, TimeSpan worked) => workDuration.Record(worked.TotalSeconds, new KeyValuePair<string, object?>("queue", queue));

    internal void InformerEvent(string informer, string type) =>
        informerEvents.Add(1, new KeyValuePair<string, object?>("informer", informer), new KeyValuePair<string, object?>("type", type));

    internal void InformerListed(string informer) => relists.Add(1, new KeyValuePair<string, object?>("informer", informer));

    internal void InformerWatchRestarted(string informer, string reason) =>
        watchRestarts.Add(1, new KeyValuePair<string, object?>("informer", informer), new KeyValuePair<string, object?>("reason", reason));

    internal void Reconciled(string controller, ReconcileResult result, TimeSpan took)
    {
        var tags = new TagList { { "controller", controller }, { "result", ResultTag(result) } };
        reconciles.Add(1, tags);
        reconcileDuration.Record(took.TotalSeconds, tags);
    }

    internal static string ResultTag(ReconcileResult result) => result.Kind switch
    {
        ReconcileResultKind.Done => "success",
        ReconcileResultKind.RequeueAfter => "requeue_after",
        ReconcileResultKind.Retry => result.Error is null ? "retry" : "error",
        _ => "terminal_failure",
    };
}
