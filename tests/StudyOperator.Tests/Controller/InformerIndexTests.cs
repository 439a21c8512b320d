using k8s;
using k8s.Models;
using StudyOperator.Controller;
using static StudyOperator.Tests.Controller.Pods;

namespace StudyOperator.Tests.Controller;

public sealed class InformerIndexTests
{
    private static readonly ObjectKey LabA = new("lab", "a");
    private static readonly ObjectKey LabB = new("lab", "b");

    [Fact]
    public async Task The_index_follows_adds_relabels_and_deletes()
    {
        await using var h = new InformerHarness();
        h.Informer.IndexBy(ByLabLabel);
        var watch = await h.StartSyncedAsync("100", Labelled("p1", "10", "a"), Labelled("p2", "11", "a"), Labelled("p3", "12", "b"), Pod("loose", "13"));

        Assert.Equal(["p1", "p2"], Names(h.Informer.Indexed(LabA)));
        Assert.Equal(["p3"], Names(h.Informer.Indexed(LabB)));

        watch.Emit(WatchEventType.Modified, Labelled("p2", "101", "b"));
        watch.Emit(WatchEventType.Deleted, Labelled("p1", "102", "a"));
        watch.Emit(WatchEventType.Added, Labelled("p4", "103", "a"));
        await h.EventsAsync(7);

        Assert.Equal(["p4"], Names(h.Informer.Indexed(LabA)));
        Assert.Equal(["p2", "p3"], Names(h.Informer.Indexed(LabB)));
        Assert.Equal("101", h.Informer.Indexed(LabB).Single(p => p.Metadata.Name == "p2").Metadata.ResourceVersion);
        Assert.Empty(h.Informer.Indexed(new ObjectKey("other", "a")));
    }

    [Fact]
    public async Task A_relist_files_changed_objects_again_and_drops_vanished_ones_from_the_index()
    {
        await using var h = new InformerHarness();
        h.Informer.IndexBy(ByLabLabel);
        var watch = await h.StartSyncedAsync("100", Labelled("p1", "10", "a"), Labelled("p2", "11", "a"));
        watch.Emit(WatchEventType.Modified, Labelled("p1", "150", "a"));
        await h.EventsAsync(3);

        h.Source.RespondToList("300", Labelled("p2", "290", "b"));
        watch.Expire();
        await h.Source.NextWatchAsync();

        Assert.Empty(h.Informer.Indexed(LabA));
        Assert.Equal(["p2"], Names(h.Informer.Indexed(LabB)));
    }

    [Fact]
    public async Task An_informer_without_an_index_refuses_indexed_reads_and_an_index_cannot_be_set_twice()
    {
        await using var h = new InformerHarness();
        Assert.Throws<InvalidOperationException>(() => h.Informer.Indexed(LabA));

        h.Informer.IndexBy(ByLabLabel);
        Assert.Throws<InvalidOperationException>(() => h.Informer.IndexBy(ByLabLabel));
    }

    [Fact]
    public async Task Cached_objects_carry_no_managed_fields()
    {
        await using var h = new InformerHarness();
        var listed = Labelled("p1", "10", "a");
        listed.Metadata.ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubectl", Operation = "Update" }];
        var watch = await h.StartSyncedAsync("100", listed);
        var watched = Labelled("p2", "101", "a");
        watched.Metadata.ManagedFields = [new V1ManagedFieldsEntry { Manager = "study-operator", Operation = "Update" }];
        watch.Emit(WatchEventType.Added, watched);
        await h.EventsAsync(2);

        Assert.All(h.Informer.List(), p => Assert.Null(p.Metadata.ManagedFields));
    }

    [Fact]
    public async Task A_trim_applies_to_listed_and_watched_objects_before_handlers_and_the_cache_see_them()
    {
        await using var h = new InformerHarness();
        var seenByHandler = new List<V1PodSpec?>();
        h.Informer.AddEventHandler(new InformerEventHandler<V1Pod> { OnAdd = p => seenByHandler.Add(p.Spec) });
        h.Informer.TrimWith(p => p.Spec = null);
        var listed = Labelled("p1", "10", "a");
        listed.Spec = new V1PodSpec { Containers = [new V1Container { Name = "app" }] };
        var watch = await h.StartSyncedAsync("100", listed);
        var watched = Labelled("p2", "101", "a");
        watched.Spec = new V1PodSpec { Containers = [new V1Container { Name = "app" }] };
        watch.Emit(WatchEventType.Added, watched);
        await h.EventsAsync(2);

        Assert.All(h.Informer.List(), p => Assert.Null(p.Spec));
        Assert.Equal([null, null], seenByHandler);
        Assert.Throws<InvalidOperationException>(() => h.Informer.TrimWith(p => p.Status = null));
    }

    private static IEnumerable<ObjectKey> ByLabLabel(V1Pod pod) =>
        pod.Metadata.Labels?.TryGetValue("lab", out var lab) == true ? [new ObjectKey(pod.Metadata.NamespaceProperty, lab)] : [];

    private static V1Pod Labelled(string name, string resourceVersion, string lab)
    {
        var pod = Pod(name, resourceVersion);
        pod.Metadata.Labels = new Dictionary<string, string> { ["lab"] = lab };
        return pod;
    }

    private static string[] Names(IEnumerable<V1Pod> pods) => [.. pods.Select(p => p.Metadata.Name).Order()];
}
