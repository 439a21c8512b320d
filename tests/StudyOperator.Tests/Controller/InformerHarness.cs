using System.Collections.Concurrent;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StudyOperator.Controller;

namespace StudyOperator.Tests.Controller;

/// <summary>A pod informer over a scripted source, recording what its handlers were told.</summary>
internal sealed class InformerHarness : IAsyncDisposable
{
    private readonly TestMeterFactory meters = new();
    private readonly CancellationTokenSource stop = new();
    private Task? run;

    public InformerHarness(TimeSpan? resync = null, string? @namespace = "lab")
    {
        Metrics = new ControllerMetrics(meters);
        Recorder = new MetricRecorder(Metrics.Meter);
        Informer = new Informer<V1Pod>(Source, new InformerOptions
        {
            Name = "pods",
            Namespace = @namespace,
            ResyncPeriod = resync,
            InitialBackoff = TimeSpan.FromSeconds(1),
            MaxBackoff = TimeSpan.FromSeconds(8),
        }, Time, Metrics, NullLogger.Instance);
        Informer.AddEventHandler(new InformerEventHandler<V1Pod>
        {
            OnAdd = pod => Events.Enqueue($"add {pod.Metadata.Name}@{pod.Metadata.ResourceVersion}"),
            OnUpdate = (old, pod) => Events.Enqueue($"update {pod.Metadata.Name}@{old.Metadata.ResourceVersion}->{pod.Metadata.ResourceVersion}"),
            OnDelete = pod => Events.Enqueue($"delete {pod.Metadata.Name}@{pod.Metadata.ResourceVersion}"),
        });
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public FakeListWatchSource<V1Pod> Source { get; } = new();

    public Informer<V1Pod> Informer { get; }

    public ControllerMetrics Metrics { get; }

    public MetricRecorder Recorder { get; }

    public ConcurrentQueue<string> Events { get; } = new();

    public Task Run => run ?? throw new InvalidOperationException("not started");

    /// <summary>Set by a test that makes the informer fail on purpose and checks the failure itself.</summary>
    public bool FailureExpected { get; set; }

    public void Start() => run = Informer.RunAsync(stop.Token);

    /// <summary>Starts, answers the first list with the given pods and returns the first watch.</summary>
    public async Task<FakeWatchStream<V1Pod>> StartSyncedAsync(string resourceVersion, params V1Pod[] pods)
    {
        Source.RespondToList(resourceVersion, pods);
        Start();
        var watch = await Source.NextWatchAsync();
        Assert.True(Informer.HasSynced);
        return watch;
    }

    public Task EventsAsync(int count) => ControllerTestWait.UntilAsync(() => Events.Count >= count, $"{count} handler events (have: {string.Join(", ", Events)})");

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (run is not null && !FailureExpected)
        {
            await ControllerTestWait.Within(run, "the informer to stop");
        }

        stop.Dispose();
        Recorder.Dispose();
        meters.Dispose();
    }
}
