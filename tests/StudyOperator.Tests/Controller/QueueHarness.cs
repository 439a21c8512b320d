using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StudyOperator.Controller;

namespace StudyOperator.Tests.Controller;

/// <summary>A work queue on a fake clock with its own metrics.</summary>
internal sealed class QueueHarness : IDisposable
{
    private readonly TestMeterFactory meters = new();

    public QueueHarness(WorkQueueOptions? options = null, string name = "test")
    {
        Metrics = new ControllerMetrics(meters);
        Recorder = new MetricRecorder(Metrics.Meter);
        Queue = new WorkQueue<string>(name, options ?? new WorkQueueOptions(), Time, Metrics, NullLogger.Instance);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public ControllerMetrics Metrics { get; }

    public MetricRecorder Recorder { get; }

    public WorkQueue<string> Queue { get; }

    /// <summary>Takes the next key, which must be ready right now.</summary>
    public async Task<string> TakeAsync()
    {
        Assert.True(Queue.Count > 0, "expected a ready key");
        var (ok, key) = await ControllerTestWait.Within(Queue.TryGetAsync(CancellationToken.None), "a key");
        Assert.True(ok);
        return key;
    }

    public void Dispose()
    {
        Queue.Dispose();
        Recorder.Dispose();
        meters.Dispose();
    }
}
