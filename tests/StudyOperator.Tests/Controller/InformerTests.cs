using System.Net;
using k8s;
using StudyOperator.Controller;
using static StudyOperator.Tests.Controller.Pods;

namespace StudyOperator.Tests.Controller;

public sealed class InformerTests
{
    [Fact]
    public async Task The_first_list_fills_the_cache_tells_the_handlers_and_marks_the_informer_synced()
    {
        await using var h = new InformerHarness();
        h.Source.RespondToList("100", Pod("a", "10"), Pod("b", "11"));
        Assert.False(h.Informer.HasSynced);

        h.Start();
        await ControllerTestWait.Within(h.Informer.WaitForSyncAsync(CancellationToken.None), "the first sync");

        Assert.Equal(["add a@10", "add b@11"], h.Events);
        Assert.Equal("11", h.Informer.Get(new ObjectKey("lab", "b"))!.Metadata.ResourceVersion);
        Assert.Equal(2, h.Informer.List().Count);
        Assert.Equal("lab", h.Source.LastListNamespace);
        var watch = await h.Source.NextWatchAsync();
        Assert.Equal("100", watch.ResourceVersion);
    }

    [Fact]
    public async Task Watch_events_update_the_cache_with_the_old_object_for_updates()
    {
        await using var h = new InformerHarness();
        var watch = await h.StartSyncedAsync("100", Pod("a", "10"));

        watch.Emit(WatchEventType.Added, Pod("b", "101"));
        watch.Emit(WatchEventType.Modified, Pod("a", "102"));
        watch.Emit(WatchEventType.Deleted, Pod("b", "103"));
        await h.EventsAsync(4);

        Assert.Equal(["add a@10", "add b@101", "update a@10->102", "delete b@103"], h.Events);
        Assert.False(h.Informer.TryGet(new ObjectKey("lab", "b"), out _));
        Assert.Equal("102", h.Informer.Get(new ObjectKey("lab", "a"))!.Metadata.ResourceVersion);
        Assert.Equal("103", h.Informer.LastSyncResourceVersion);
    }

    [Fact]
    public async Task A_closed_stream_is_watched_again_from_the_last_seen_resource_version_without_a_list()
    {
        await using var h = new InformerHarness();
        var watch = await h.StartSyncedAsync("100");
        watch.Emit(WatchEventType.Added, Pod("a", "105"));
        watch.Close();

        var next = await h.Source.NextWatchAsync();

        Assert.Equal("105", next.ResourceVersion);
        Assert.Equal(1, h.Source.ListCalls);
        Assert.Equal(1, h.Recorder.Sum("studyoperator_informer_watch_restarts_total", ("informer", "pods"), ("reason", "closed")));
    }

    [Fact]
    public async Task A_bookmark_only_advances_the_resource_version()
    {
        await using var h = new InformerHarness();
        var watch = await h.StartSyncedAsync("100", Pod("a", "10"));
        watch.Emit(WatchEventType.Bookmark, Bookmark("250"));
        await ControllerTestWait.UntilAsync(() => h.Informer.LastSyncResourceVersion == "250", "the bookmark is applied");
        watch.Close();

        var next = await h.Source.NextWatchAsync();

        Assert.Equal("250", next.ResourceVersion);
        Assert.Equal(["add a@10"], h.Events);
        Assert.Single(h.Informer.List());
    }

    [Fact]
    public async Task An_expired_resource_version_relists_and_synthesizes_deletes_for_vanished_objects()
    {
        await using var h = new InformerHarness();
        var watch = await h.StartSyncedAsync("100", Pod("gone", "10"), Pod("changed", "11"), Pod("same", "12"));
        watch.Emit(WatchEventType.Modified, Pod("same", "150"));
        await h.EventsAsync(4);

        h.Source.RespondToList("300", Pod("changed", "290"), Pod("same", "150"), Pod("new", "295"));
        watch.Expire();
        var next = await h.Source.NextWatchAsync();

        Assert.Equal(2, h.Source.ListCalls);
        Assert.Equal("300", next.ResourceVersion);
        Assert.Equal(
            ["add gone@10", "add changed@11", "add same@12", "update same@12->150", "update changed@11->290", "add new@295", "delete gone@10"],
            h.Events);
        Assert.Equal(["changed", "new", "same"], h.Informer.List().Select(p => p.Metadata.Name).Order());
        Assert.Equal(2, h.Recorder.Sum("studyoperator_informer_lists_total", ("informer", "pods")));
    }

    [Fact]
    public async Task An_http_410_when_opening_the_watch_also_relists()
    {
        await using var h = new InformerHarness();
        var watch = await h.StartSyncedAsync("100", Pod("a", "10"));
        watch.Emit(WatchEventType.Modified, Pod("a", "120"));
        await h.EventsAsync(2);

        h.Source.RespondToList("400", Pod("a", "120"));
        watch.Fail(ApiErrors.Http(HttpStatusCode.Gone));
        var next = await h.Source.NextWatchAsync();

        Assert.Equal("400", next.ResourceVersion);
        Assert.Equal(2, h.Source.ListCalls);
        Assert.Equal(["add a@10", "update a@10->120"], h.Events);
    }

    [Fact]
    public async Task A_failed_watch_backs_off_and_resumes_from_the_last_resource_version()
    {
        await using var h = new InformerHarness();
        var watch = await h.StartSyncedAsync("100");
        watch.Emit(WatchEventType.Added, Pod("a", "110"));
        await h.EventsAsync(1);

        watch.Fail(new HttpRequestException("connection reset"));
        await FailuresAsync(h, 1);
        h.Time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(h.Source.HasPendingWatch);
        Assert.Equal(1, h.Source.WatchCalls);

        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        var next = await h.Source.NextWatchAsync();
        Assert.Equal("110", next.ResourceVersion);
        Assert.Equal(1, h.Source.ListCalls);
    }

    [Fact]
    public async Task Consecutive_failures_double_the_wait()
    {
        await using var h = new InformerHarness();
        h.Source.FailList(ApiErrors.Http(HttpStatusCode.ServiceUnavailable));
        h.Source.FailList(new HttpRequestException("connection refused"));
        h.Source.RespondToList("100");
        h.Start();

        await FailuresAsync(h, 1);
        h.Time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(1, h.Source.ListCalls);
        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        await FailuresAsync(h, 2);
        Assert.Equal(2, h.Source.ListCalls);
        h.Time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Equal(2, h.Source.ListCalls);
        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        await h.Source.NextWatchAsync();

        Assert.Equal(3, h.Source.ListCalls);
        Assert.True(h.Informer.HasSynced);
    }

    /// <summary>Waits until the informer has counted this many failed attempts, i.e. is waiting out its backoff.</summary>
    private static Task FailuresAsync(InformerHarness h, int count) => ControllerTestWait.UntilAsync(
        () => h.Recorder.Sum("studyoperator_informer_watch_restarts_total", ("informer", "pods"), ("reason", "error")) == count,
        $"{count} failed attempts");

    [Fact]
    public async Task Resync_redelivers_every_cached_object_without_calling_the_api()
    {
        await using var h = new InformerHarness(resync: TimeSpan.FromMinutes(10));
        await h.StartSyncedAsync("100", Pod("a", "10"), Pod("b", "11"));
        await h.EventsAsync(2);

        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.EventsAsync(4);

        Assert.Equal(["update a@10->10", "update b@11->11"], h.Events.Skip(2).Order());
        Assert.Equal(1, h.Source.ListCalls);
        Assert.Equal(1, h.Source.WatchCalls);
    }

    [Fact]
    public async Task A_handler_added_after_the_first_list_hears_of_every_cached_object()
    {
        await using var h = new InformerHarness();
        await h.StartSyncedAsync("100", Pod("a", "10"), Pod("b", "11"));
        var late = new List<string>();

        h.Informer.AddEventHandler(new InformerEventHandler<k8s.Models.V1Pod> { OnAdd = pod => late.Add(pod.Metadata.Name) });

        Assert.Equal(["a", "b"], late.Order());
    }

    [Fact]
    public async Task An_informer_across_all_namespaces_keys_objects_by_namespace_and_name()
    {
        await using var h = new InformerHarness(@namespace: null);
        await h.StartSyncedAsync("100", Pod("web", "10", ns: "one"), Pod("web", "11", ns: "two"));

        Assert.Null(h.Source.LastListNamespace);
        Assert.Equal("10", h.Informer.Get(ObjectKey.Parse("one/web"))!.Metadata.ResourceVersion);
        Assert.Equal("11", h.Informer.Get(ObjectKey.Parse("two/web"))!.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task A_handler_exception_stops_the_informer_instead_of_being_swallowed()
    {
        await using var h = new InformerHarness { FailureExpected = true };
        h.Informer.AddEventHandler(new InformerEventHandler<k8s.Models.V1Pod> { OnAdd = _ => throw new InvalidOperationException("handler bug") });
        var watch = await h.StartSyncedAsync("100");

        watch.Emit(WatchEventType.Added, Pod("a", "101"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ControllerTestWait.Within(h.Run, "the informer to fail"));
        Assert.Equal("handler bug", error.Message);
    }
}
