using System.Text.Json;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using StudyOperator.Controller;

namespace StudyOperator.Tests.Controller;

/// <summary>The KubernetesClient-backed sources against a stub endpoint speaking the API server's wire format.</summary>
public sealed class KubernetesSourcesTests
{
    private const string PodList = """
        {"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"100"},
         "items":[{"metadata":{"name":"a","namespace":"lab","resourceVersion":"90"}}]}
        """;

    private const string Added = """{"type":"ADDED","object":{"kind":"Pod","apiVersion":"v1","metadata":{"name":"b","namespace":"lab","resourceVersion":"101"}}}""";
    private const string Bookmark = """{"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"150"}}}""";
    private const string Expired = """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 100 (150)","reason":"Expired","code":410}}""";

    private static Kubernetes Client(StubApiServer server) => new(new KubernetesClientConfiguration { Host = server.BaseAddress });

    [Fact]
    public async Task Pods_are_listed_then_watched_with_bookmarks_and_a_410_error_event_is_thrown()
    {
        await using var server = await StubApiServer.StartAsync("/api/v1/namespaces/{ns}/pods");
        using var client = Client(server);
        var source = KubernetesSources.Pods(client, TimeSpan.FromMinutes(5));
        server.RespondToList(PodList);
        server.RespondToWatch(Added, Bookmark, Expired);

        var list = await source.ListAsync("lab", CancellationToken.None);
        var events = new List<(WatchEventType, string?)>();
        var error = await Assert.ThrowsAsync<KubernetesException>(async () =>
        {
            await foreach (var (type, pod) in source.WatchAsync("lab", list.ResourceVersion, CancellationToken.None))
            {
                events.Add((type, pod.Metadata.ResourceVersion));
            }
        });

        Assert.Equal("100", list.ResourceVersion);
        var listed = Assert.Single(list.Items);
        Assert.Equal("a", listed.Metadata.Name);
        Assert.Equal(("v1", "Pod"), (listed.ApiVersion, listed.Kind)); // filled in: list items come without them
        Assert.Equal([(WatchEventType.Added, "101"), (WatchEventType.Bookmark, "150")], events);
        Assert.Equal(410, error.Status.Code);
        Assert.True(KubernetesErrors.IsGone(error));

        var watchRequest = Assert.Single(server.Requests, r => r.Contains("watch=true", StringComparison.Ordinal));
        Assert.Contains("allowWatchBookmarks=true", watchRequest, StringComparison.Ordinal);
        Assert.Contains("resourceVersion=100", watchRequest, StringComparison.Ordinal);
        var timeout = int.Parse(watchRequest.Split("timeoutSeconds=")[1].Split('&')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(timeout, 300, 599);
    }

    [Fact]
    public async Task An_informer_on_the_real_client_relists_after_the_410_error_event()
    {
        await using var server = await StubApiServer.StartAsync("/api/v1/namespaces/{ns}/pods");
        using var client = Client(server);
        using var meters = new TestMeterFactory();
        server.RespondToList(PodList);
        server.RespondToWatch(Added, Expired);
        server.RespondToList("""{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"200"},"items":[{"metadata":{"name":"b","namespace":"lab","resourceVersion":"101"}}]}""");
        var informer = new Informer<V1Pod>(KubernetesSources.Pods(client), new InformerOptions { Name = "pods", Namespace = "lab" },
            TimeProvider.System, new ControllerMetrics(meters), NullLogger.Instance);
        var deleted = new List<string>();
        informer.AddEventHandler(new InformerEventHandler<V1Pod> { OnDelete = pod => deleted.Add(pod.Metadata.Name) });
        using var stop = new CancellationTokenSource();

        var run = informer.RunAsync(stop.Token);
        await ControllerTestWait.UntilAsync(() => server.CountRequests("resourceVersion=200") == 1, "a watch from the relist's resourceVersion");

        Assert.Equal(["b"], informer.List().Select(p => p.Metadata.Name));
        Assert.Equal(["a"], deleted);
        await stop.CancelAsync();
        await ControllerTestWait.Within(run, "the informer to stop");
    }

    [Fact]
    public async Task Custom_resources_are_listed_and_watched_as_their_own_type()
    {
        await using var server = await StubApiServer.StartAsync("/apis/labs.study.dev/v1alpha1/namespaces/{ns}/studylabs");
        using var client = Client(server);
        var source = KubernetesSources.Custom<TestLab>(client, "labs.study.dev", "v1alpha1", "studylabs");
        server.RespondToList("""
            {"kind":"StudyLabList","apiVersion":"labs.study.dev/v1alpha1","metadata":{"resourceVersion":"7"},
             "items":[{"kind":"StudyLab","apiVersion":"labs.study.dev/v1alpha1","metadata":{"name":"one","namespace":"lab","resourceVersion":"5"},"spec":{"replicas":3}}]}
            """);
        server.RespondToWatch("""{"type":"MODIFIED","object":{"kind":"StudyLab","apiVersion":"labs.study.dev/v1alpha1","metadata":{"name":"one","namespace":"lab","resourceVersion":"8"},"spec":{"replicas":4}}}""");

        var list = await source.ListAsync("lab", CancellationToken.None);
        var events = new List<(WatchEventType Type, TestLab Lab)>();
        await foreach (var e in source.WatchAsync("lab", list.ResourceVersion, CancellationToken.None))
        {
            events.Add(e);
        }

        Assert.Equal("7", list.ResourceVersion);
        Assert.Equal(3, Assert.Single(list.Items).Spec!.Replicas);
        var (type, lab) = Assert.Single(events);
        Assert.Equal(WatchEventType.Modified, type);
        Assert.Equal(4, lab.Spec!.Replicas);
        Assert.Equal("8", lab.Metadata.ResourceVersion);
    }

    [Fact]
    public void Untyped_watch_objects_are_converted_to_the_resource_type()
    {
        using var doc = JsonDocument.Parse("""{"kind":"StudyLab","metadata":{"name":"x"},"spec":{"replicas":2}}""");

        var lab = KubernetesSources.FromUntyped<TestLab>(doc.RootElement.Clone());

        Assert.Equal("x", lab.Metadata.Name);
        Assert.Equal(2, lab.Spec!.Replicas);
    }

    [Fact]
    public async Task A_watch_error_reported_through_the_callback_is_thrown_where_it_happened()
    {
        static async IAsyncEnumerable<(WatchEventType, V1Pod)> Stream(Action<Exception> onError)
        {
            await Task.Yield();
            yield return (WatchEventType.Added, Pods.Pod("a", "1"));
            onError(new KubernetesException(new V1Status { Code = 410 }));
        }

        var source = new KubernetesListWatchSource<V1Pod>(
            (_, _) => Task.FromResult(new ListResult<V1Pod>([], "1")),
            (_, _, onError, _) => Stream(onError));
        var seen = 0;

        var error = await Assert.ThrowsAsync<KubernetesException>(async () =>
        {
            await foreach (var _ in source.WatchAsync("lab", "1", CancellationToken.None))
            {
                seen++;
            }
        });

        Assert.Equal(1, seen);
        Assert.Equal(410, error.Status.Code);
    }

    [Fact]
    public async Task A_watch_error_ends_the_stream_at_once_even_when_nothing_follows_it()
    {
        // The library reports an unreadable line through the callback and goes on reading; if the server then stays
        // quiet, the error must not wait for the next event (or the watch's end) to be seen.
        static async IAsyncEnumerable<(WatchEventType, V1Pod)> Stream(Action<Exception> onError, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            yield return (WatchEventType.Added, Pods.Pod("a", "1"));
            onError(new JsonException("unreadable event"));
            await Cancellation.UntilCancelled(cancellationToken);
        }

        var source = new KubernetesListWatchSource<V1Pod>(
            (_, _) => Task.FromResult(new ListResult<V1Pod>([], "1")),
            (_, _, onError, ct) => Stream(onError, ct));
        var seen = 0;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<JsonException>(async () =>
        {
            await foreach (var _ in source.WatchAsync("lab", "1", deadline.Token))
            {
                seen++;
            }
        });

        Assert.Equal(1, seen);
        Assert.Equal("unreadable event", error.Message);
        Assert.False(deadline.IsCancellationRequested);
    }
}
