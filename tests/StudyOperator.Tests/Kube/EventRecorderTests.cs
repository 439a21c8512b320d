using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using StudyOperator.Kube;

namespace StudyOperator.Tests.Kube;

public sealed class EventRecorderTests
{
    [Fact]
    public async Task Events_are_sent_in_the_background_and_a_refused_one_is_dropped_not_retried()
    {
        var api = new CannedApi(HttpStatusCode.InternalServerError, HttpStatusCode.Created, HttpStatusCode.Created);
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:9" }, api);
        var recorder = new EventRecorder(client, TimeProvider.System, "study-operator", "test", NullLogger<EventRecorder>.Instance);
        using var stop = new CancellationTokenSource();
        var loop = recorder.RunAsync(stop.Token);

        recorder.Record(Pod(), EventRecorder.Normal, "First", "refused by the API");
        recorder.Record(Pod(), EventRecorder.Normal, "Second", "sent");
        recorder.Record(Pod(), EventRecorder.Warning, "Third", "sent too");
        await Eventually.True(() => api.Reasons.Count == 3 || loop.IsCompleted, TimeSpan.FromSeconds(10), "three Event requests");
        Assert.False(loop.IsCompleted, loop.Exception?.ToString());
        await stop.CancelAsync();
        await loop;

        Assert.Equal(["First", "Second", "Third"], api.Reasons.Order()); // each sent once: the refused one was not retried
        Assert.All(api.Paths, p => Assert.Equal("/api/v1/namespaces/lab/events", p));
    }

    [Fact]
    public void Recording_never_blocks_and_drops_what_exceeds_the_queue()
    {
        var api = new CannedApi();
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:9" }, api);
        var recorder = new EventRecorder(client, TimeProvider.System, "study-operator", "test", NullLogger<EventRecorder>.Instance);

        // Nothing sends (the loop is not running): the queue fills up, and further Events are dropped at once.
        for (var i = 0; i < EventRecorder.Capacity + 10; i++)
        {
            recorder.Record(Pod(), EventRecorder.Normal, "Many", $"event {i}");
        }

        Assert.Empty(api.Reasons);
    }

    private static V1Pod Pod() => new() { ApiVersion = "v1", Kind = "Pod", Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "lab", Uid = "u1" } };

    /// <summary>Answers Event creates with the given status codes in turn (201 once they run out); no network.</summary>
    private sealed class CannedApi(params HttpStatusCode[] codes) : DelegatingHandler
    {
        private readonly ConcurrentQueue<HttpStatusCode> answers = new(codes);

        public ConcurrentQueue<string> Reasons { get; } = new();

        public ConcurrentQueue<string> Paths { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
            Paths.Enqueue(request.RequestUri!.AbsolutePath);
            Reasons.Enqueue((string)body["reason"]!);
            var code = answers.TryDequeue(out var next) ? next : HttpStatusCode.Created;
            return new HttpResponseMessage(code) { RequestMessage = request, Content = new StringContent(code == HttpStatusCode.Created ? body.ToJsonString() : """{"kind":"Status","apiVersion":"v1","status":"Failure","code":500}""", System.Text.Encoding.UTF8, "application/json") };
        }
    }
}
