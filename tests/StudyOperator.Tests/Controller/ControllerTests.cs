using System.Diagnostics;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using StudyOperator.Controller;
using static StudyOperator.Tests.Controller.Pods;

namespace StudyOperator.Tests.Controller;

public sealed class ControllerTests
{
    [Fact]
    public async Task Changes_are_reconciled_from_the_cache_and_a_vanished_object_is_reported_deleted()
    {
        await using var h = new InformerHarness();
        var reconciler = new RecordingReconciler();
        using var controller = new Controller<V1Pod>(new ControllerOptions { Name = "pods" }, h.Informer, reconciler, h.Time, h.Metrics, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var run = controller.RunAsync(stop.Token);

        var watch = await h.StartSyncedAsync("100", Pod("a", "10"));
        await ControllerTestWait.UntilAsync(() => reconciler.Calls.Contains("reconcile lab/a@10"), "the listed pod is reconciled");

        watch.Emit(WatchEventType.Modified, Pod("a", "11"));
        await ControllerTestWait.UntilAsync(() => reconciler.Calls.Contains("reconcile lab/a@11"), "the update is reconciled");
        watch.Emit(WatchEventType.Deleted, Pod("a", "12"));
        await ControllerTestWait.UntilAsync(() => reconciler.Calls.Contains("deleted lab/a"), "the delete is reported");

        await stop.CancelAsync();
        await ControllerTestWait.Within(run, "the controller to stop");
    }

    [Fact]
    public async Task Workers_wait_for_every_cache_to_sync()
    {
        await using var h = new InformerHarness();
        await using var children = new InformerHarness();
        var reconciler = new RecordingReconciler();
        using var controller = new Controller<V1Pod>(new ControllerOptions { Name = "pods" }, h.Informer, reconciler, h.Time, h.Metrics, NullLogger.Instance);
        controller.Owns(children.Informer, "v1", "Pod");
        using var stop = new CancellationTokenSource();
        var run = controller.RunAsync(stop.Token);

        await h.StartSyncedAsync("100", Pod("a", "10"));
        Assert.Equal(1, controller.Queue.Count);
        Assert.Empty(reconciler.Calls);

        await children.StartSyncedAsync("5");
        await ControllerTestWait.UntilAsync(() => reconciler.Calls.Count == 1, "the reconcile after all caches synced");

        await stop.CancelAsync();
        await ControllerTestWait.Within(run, "the controller to stop");
    }

    [Fact]
    public async Task A_change_to_an_owned_child_reconciles_its_owner()
    {
        await using var h = new InformerHarness();
        await using var children = new InformerHarness();
        var reconciler = new RecordingReconciler();
        using var controller = new Controller<V1Pod>(new ControllerOptions { Name = "pods" }, h.Informer, reconciler, h.Time, h.Metrics, NullLogger.Instance);
        controller.Owns(children.Informer, "v1", "Pod");
        using var stop = new CancellationTokenSource();
        var run = controller.RunAsync(stop.Token);
        await h.StartSyncedAsync("100", Pod("owner", "10"));
        var childWatch = await children.StartSyncedAsync("5");
        await ControllerTestWait.UntilAsync(() => reconciler.Calls.Count == 1, "the owner's first reconcile");

        var child = Pod("owner-child", "6");
        child.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "Pod", Name = "owner", Uid = "u1", Controller = true }];
        childWatch.Emit(WatchEventType.Added, child);

        await ControllerTestWait.UntilAsync(() => reconciler.Calls.Count == 2, "the owner is reconciled again");
        Assert.All(reconciler.Calls, call => Assert.Equal("reconcile lab/owner@10", call));
        await stop.CancelAsync();
        await ControllerTestWait.Within(run, "the controller to stop");
    }

    [Fact]
    public async Task Reconciles_are_measured_by_result_and_traced()
    {
        await using var h = new InformerHarness();
        var reconciler = new RecordingReconciler(pod => pod.Metadata.Name switch
        {
            "ok" => ReconcileResult.Done(),
            "later" => ReconcileResult.RequeueAfter(TimeSpan.FromMinutes(5)),
            "bad" => ReconcileResult.TerminalFailure("InvalidSpec"),
            _ => throw new HttpRequestException("connection refused"),
        });
        using var controller = new Controller<V1Pod>(new ControllerOptions { Name = "pods-under-test" }, h.Informer, reconciler, h.Time, h.Metrics, NullLogger.Instance);

        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ControllerDiagnostics.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (Equals(activity.GetTagItem("controller"), "pods-under-test"))
                {
                    lock (spans)
                    {
                        spans.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        using var stop = new CancellationTokenSource();
        var run = controller.RunAsync(stop.Token);
        await h.StartSyncedAsync("100", Pod("ok", "1"), Pod("later", "2"), Pod("bad", "3"), Pod("flaky", "4"));
        await ControllerTestWait.UntilAsync(() => h.Recorder.Count("studyoperator_controller_reconcile_duration_seconds") == 4, "four reconciles");
        await stop.CancelAsync();
        await ControllerTestWait.Within(run, "the controller to stop");

        foreach (var result in new[] { "success", "requeue_after", "terminal_failure", "error" })
        {
            Assert.Equal(1, h.Recorder.Sum("studyoperator_controller_reconciles_total", ("controller", "pods-under-test"), ("result", result)));
        }

        lock (spans)
        {
            Assert.Equal(4, spans.Count);
            var failed = Assert.Single(spans, s => Equals(s.GetTagItem("k8s.object.name"), "flaky"));
            Assert.Equal(ActivityStatusCode.Error, failed.Status);
            Assert.Equal("lab", failed.GetTagItem("k8s.namespace.name"));
        }

        Assert.Equal(1, controller.Queue.NumRequeues(ObjectKey.Parse("lab/flaky")));
        Assert.Equal(0, controller.Queue.NumRequeues(ObjectKey.Parse("lab/bad")));
    }

    [Fact]
    public async Task Stopping_before_the_caches_sync_ends_quietly_without_reconciling()
    {
        await using var h = new InformerHarness();
        var reconciler = new RecordingReconciler();
        using var controller = new Controller<V1Pod>(new ControllerOptions { Name = "pods" }, h.Informer, reconciler, h.Time, h.Metrics, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var run = controller.RunAsync(stop.Token);

        await stop.CancelAsync();

        await ControllerTestWait.Within(run, "the controller to stop");
        Assert.Empty(reconciler.Calls);
    }
}
