using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Controller;
using StudyOperator.Reconciliation;
using StudyOperator.Tests.Controller;
using StudyOperator.Workload;

namespace StudyOperator.Tests.Reconciliation;

public sealed class LabChildrenTests
{
    private static readonly V1Alpha1StudyLab Lab = new()
    {
        ApiVersion = StudyLabGroup.ApiVersion,
        Kind = StudyLabGroup.Kind,
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "lab", Uid = "lab-uid", Generation = 1 },
        Spec = new V1Alpha1StudyLabSpec { Steps = [new V1Alpha1LabStep { Type = StepType.LoadBalancing }] },
    };

    [Fact]
    public async Task A_created_child_that_is_not_in_the_cache_yet_is_not_created_again_until_the_expectation_times_out()
    {
        await using var h = await Harness.StartAsync();

        Assert.Equal(LabChildren.Outcome.Created, await h.Children.EnsureDeploymentAsync(LabDeployment.Build(Lab, "img"), CancellationToken.None));
        Assert.Equal(LabChildren.Outcome.Expected, await h.Children.EnsureDeploymentAsync(LabDeployment.Build(Lab, "img"), CancellationToken.None));
        Assert.Equal(1, h.Api.Posts);

        h.Time.Advance(LabChildren.ExpectationTimeout);
        await h.Children.EnsureDeploymentAsync(LabDeployment.Build(Lab, "img"), CancellationToken.None);
        Assert.Equal(2, h.Api.Posts); // never seen in 30 s: missing after all, so it is created again
    }

    [Fact]
    public async Task Once_the_cache_shows_the_child_it_is_compared_and_kept()
    {
        await using var h = await Harness.StartAsync();
        await h.Children.EnsureDeploymentAsync(LabDeployment.Build(Lab, "img"), CancellationToken.None);

        h.Watch.Emit(WatchEventType.Added, h.Api.Created.Single());
        await Eventually.True(() => h.Deployments.Count == 1, TimeSpan.FromSeconds(10), "the watch event reaches the cache");

        Assert.Equal(LabChildren.Outcome.Unchanged, await h.Children.EnsureDeploymentAsync(LabDeployment.Build(Lab, "img"), CancellationToken.None));
        Assert.Equal(1, h.Api.Posts);
    }

    private sealed class Harness : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly TestMeterFactory meters = new();
        private readonly Kubernetes client;
        private Task run = Task.CompletedTask;

        private Harness()
        {
            client = new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:9" }, Api);
            Deployments = new Informer<V1Deployment>(Source, new InformerOptions { Name = "deployments" }, Time, new ControllerMetrics(meters), NullLogger.Instance);
            var services = new Informer<V1Service>(new FakeListWatchSource<V1Service>(), new InformerOptions { Name = "services" }, Time, new ControllerMetrics(meters), NullLogger.Instance);
            Children = new LabChildren(client, Deployments, services, Time);
        }

        public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

        public FakeListWatchSource<V1Deployment> Source { get; } = new();

        public Informer<V1Deployment> Deployments { get; }

        public CreatingApi Api { get; } = new();

        public LabChildren Children { get; }

        public FakeWatchStream<V1Deployment> Watch { get; private set; } = null!;

        public static async Task<Harness> StartAsync()
        {
            var h = new Harness();
            h.Source.RespondToList("1");
            h.run = h.Deployments.RunAsync(h.stop.Token);
            h.Watch = await h.Source.NextWatchAsync();
            return h;
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await run;
            client.Dispose();
            meters.Dispose();
            stop.Dispose();
        }
    }

    /// <summary>Answers creates with the object as the server would store it (uid, resourceVersion); no network.</summary>
    private sealed class CreatingApi : DelegatingHandler
    {
        private int posts;

        public int Posts => Volatile.Read(ref posts);

        public ConcurrentQueue<V1Deployment> Created { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref posts);
            var deployment = KubernetesJson.Deserialize<V1Deployment>(await request.Content!.ReadAsStringAsync(cancellationToken));
            deployment.Metadata.Uid = Guid.NewGuid().ToString();
            deployment.Metadata.ResourceVersion = Posts.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Created.Enqueue(deployment);
            return new HttpResponseMessage(HttpStatusCode.Created) { RequestMessage = request, Content = new StringContent(KubernetesJson.Serialize(deployment), System.Text.Encoding.UTF8, "application/json") };
        }
    }
}
