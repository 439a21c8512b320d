using System.Collections.Concurrent;
using StudyOperator.Controller;

namespace StudyOperator.Tests.Controller;

public sealed class WorkQueueTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task A_key_added_twice_while_queued_is_handed_out_once()
    {
        using var h = new QueueHarness();
        h.Queue.Add("a");
        h.Queue.Add("a");
        h.Queue.Add("b");

        Assert.Equal(2, h.Queue.Count);
        Assert.Equal("a", await h.TakeAsync());
        Assert.Equal("b", await h.TakeAsync());
        Assert.Equal(0, h.Queue.Count);
    }

    [Fact]
    public async Task A_key_added_while_being_processed_is_queued_again_only_when_done()
    {
        using var h = new QueueHarness();
        h.Queue.Add("a");
        var key = await h.TakeAsync();

        h.Queue.Add("a");
        h.Queue.Add("a");
        Assert.Equal(0, h.Queue.Count);

        h.Queue.Done(key);
        Assert.Equal(1, h.Queue.Count);
        Assert.Equal("a", await h.TakeAsync());
    }

    [Fact]
    public async Task Workers_never_process_one_key_concurrently()
    {
        using var h = new QueueHarness();
        var releaseFirstA = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = new ConcurrentDictionary<string, int>();
        var processed = new ConcurrentQueue<string>();
        var violations = 0;
        var aStarts = 0;

        async Task<ReconcileResult> Handle(string key, CancellationToken ct)
        {
            if (inFlight.AddOrUpdate(key, 1, (_, n) => n + 1) > 1)
            {
                Interlocked.Increment(ref violations);
            }

            try
            {
                if (key == "a" && Interlocked.Increment(ref aStarts) == 1)
                {
                    await releaseFirstA.Task;
                }

                processed.Enqueue(key);
                return ReconcileResult.Done();
            }
            finally
            {
                inFlight.AddOrUpdate(key, 0, (_, n) => n - 1);
            }
        }

        using var stop = new CancellationTokenSource();
        var run = h.Queue.RunWorkersAsync(4, Handle, stop.Token);
        h.Queue.Add("a");
        await ControllerTestWait.UntilAsync(() => Volatile.Read(ref aStarts) == 1, "the first 'a' is in flight");

        // Three workers are idle and 'a' is added before 'b': a queue that dispatched a key being processed would
        // hand this 'a' to an idle worker right away, next to the blocked first one.
        h.Queue.Add("a");
        h.Queue.Add("b");
        await ControllerTestWait.UntilAsync(() => processed.Contains("b"), "'b' is processed by another worker");
        Assert.Equal(1, Volatile.Read(ref aStarts));
        Assert.Equal(0, h.Queue.Count);

        releaseFirstA.SetResult();
        await ControllerTestWait.UntilAsync(() => processed.Count(k => k == "a") == 2, "'a' is processed again after the first pass");
        Assert.Equal(0, Volatile.Read(ref violations));

        await stop.CancelAsync();
        await ControllerTestWait.Within(run, "the workers to stop");
    }

    [Fact]
    public async Task Failures_back_off_exponentially_per_key()
    {
        using var h = new QueueHarness(new WorkQueueOptions { BaseRetryDelay = TimeSpan.FromMilliseconds(5), MaxRetryDelay = TimeSpan.FromSeconds(1) });
        var q = h.Queue;

        foreach (var expected in new[] { 5, 10, 20, 40 })
        {
            q.AddRateLimited("a");
            Assert.Equal(1, q.WaitingCount);
            h.Time.Advance((expected - 1) * Ms);
            Assert.Equal(0, q.Count);
            h.Time.Advance(Ms);
            Assert.Equal(1, q.Count);
            q.Done(await h.TakeAsync());
        }

        Assert.Equal(4, q.NumRequeues("a"));

        // Another key has its own count.
        q.AddRateLimited("b");
        h.Time.Advance(5 * Ms);
        Assert.Equal("b", await h.TakeAsync());
    }

    [Fact]
    public void Backoff_doubles_up_to_the_cap()
    {
        var backoff = new ExponentialBackoff<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1));
        var delays = Enumerable.Range(0, 10).Select(_ => backoff.When("k").TotalMilliseconds).ToArray();

        Assert.Equal([5, 10, 20, 40, 80, 160, 320, 640, 1000, 1000], delays);
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.DelayFor(int.MaxValue));
    }

    [Fact]
    public async Task Forget_resets_the_backoff()
    {
        using var h = new QueueHarness();
        h.Queue.AddRateLimited("a");
        h.Queue.AddRateLimited("a");
        Assert.Equal(2, h.Queue.NumRequeues("a"));

        h.Queue.Forget("a");
        Assert.Equal(0, h.Queue.NumRequeues("a"));

        // Both earlier retries are still pending; the next failure starts from the base delay again.
        h.Time.Advance(10 * Ms);
        h.Queue.Done(await h.TakeAsync());
        h.Queue.AddRateLimited("a");
        h.Time.Advance(5 * Ms);
        Assert.Equal(1, h.Queue.Count);
    }

    [Fact]
    public async Task AddAfter_waits_for_the_delay_and_the_earlier_time_wins()
    {
        using var h = new QueueHarness();
        h.Queue.AddAfter("a", TimeSpan.FromSeconds(10));
        h.Queue.AddAfter("a", TimeSpan.FromSeconds(3));
        h.Queue.AddAfter("a", TimeSpan.FromSeconds(20));
        Assert.Equal(1, h.Queue.WaitingCount);

        h.Time.Advance(TimeSpan.FromSeconds(3) - Ms);
        Assert.Equal(0, h.Queue.Count);
        h.Time.Advance(Ms);
        Assert.Equal(1, h.Queue.Count);
        Assert.Equal(0, h.Queue.WaitingCount);
        h.Queue.Done(await h.TakeAsync());

        // The superseded 10 s entry must not fire again.
        h.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, h.Queue.Count);
    }

    [Fact]
    public void AddAfter_with_no_delay_adds_at_once()
    {
        using var h = new QueueHarness();
        h.Queue.AddAfter("a", TimeSpan.Zero);
        Assert.Equal(1, h.Queue.Count);
    }

    [Fact]
    public async Task A_retry_with_an_explicit_delay_waits_exactly_that_long()
    {
        using var h = new QueueHarness();
        var calls = 0;
        Task<ReconcileResult> Handle(string key, CancellationToken ct) => Task.FromResult(
            Interlocked.Increment(ref calls) == 1 ? ReconcileResult.Retry("throttled", after: TimeSpan.FromSeconds(3)) : ReconcileResult.Done());

        using var stop = new CancellationTokenSource();
        var run = h.Queue.RunWorkersAsync(2, Handle, stop.Token);
        h.Queue.Add("a");
        await ControllerTestWait.UntilAsync(() => h.Queue.WaitingCount == 1, "the retry is scheduled");
        Assert.Equal(1, h.Queue.NumRequeues("a"));

        h.Time.Advance(TimeSpan.FromSeconds(3) - Ms);
        Assert.Equal(1, Volatile.Read(ref calls));
        h.Time.Advance(Ms);
        await ControllerTestWait.UntilAsync(() => Volatile.Read(ref calls) == 2 && h.Queue.NumRequeues("a") == 0, "the retry ran and succeeded");

        await stop.CancelAsync();
        await ControllerTestWait.Within(run, "the workers to stop");
    }

    [Fact]
    public async Task A_throttled_api_call_is_retried_after_its_Retry_After()
    {
        using var h = new QueueHarness();
        var calls = 0;
        Task<ReconcileResult> Handle(string key, CancellationToken ct) => Interlocked.Increment(ref calls) == 1
            ? throw ApiErrors.Http(System.Net.HttpStatusCode.TooManyRequests, retryAfterSeconds: 2)
            : Task.FromResult(ReconcileResult.Done());

        using var stop = new CancellationTokenSource();
        var run = h.Queue.RunWorkersAsync(1, Handle, stop.Token);
        h.Queue.Add("a");
        await ControllerTestWait.UntilAsync(() => h.Queue.WaitingCount == 1, "the retry is scheduled");

        h.Time.Advance(TimeSpan.FromSeconds(2) - Ms);
        Assert.Equal(0, h.Queue.Count);
        h.Time.Advance(Ms);
        await ControllerTestWait.UntilAsync(() => Volatile.Read(ref calls) == 2, "the retry ran");

        await stop.CancelAsync();
        await ControllerTestWait.Within(run, "the workers to stop");
    }

    [Fact]
    public async Task A_failing_handler_is_retried_with_backoff()
    {
        using var h = new QueueHarness(new WorkQueueOptions { BaseRetryDelay = TimeSpan.FromMilliseconds(5) });
        var calls = 0;
        Task<ReconcileResult> Handle(string key, CancellationToken ct) => Interlocked.Increment(ref calls) <= 2
            ? throw new HttpRequestException("connection refused")
            : Task.FromResult(ReconcileResult.Done());

        using var stop = new CancellationTokenSource();
        var run = h.Queue.RunWorkersAsync(1, Handle, stop.Token);
        h.Queue.Add("a");
        await ControllerTestWait.UntilAsync(() => h.Queue.WaitingCount == 1 && Volatile.Read(ref calls) == 1, "the first retry is scheduled");
        h.Time.Advance(5 * Ms);
        await ControllerTestWait.UntilAsync(() => h.Queue.WaitingCount == 1 && Volatile.Read(ref calls) == 2, "the second retry is scheduled");
        h.Time.Advance(9 * Ms);
        Assert.Equal(2, Volatile.Read(ref calls));
        h.Time.Advance(Ms);
        await ControllerTestWait.UntilAsync(() => Volatile.Read(ref calls) == 3 && h.Queue.NumRequeues("a") == 0, "the third attempt succeeded");

        await stop.CancelAsync();
        await ControllerTestWait.Within(run, "the workers to stop");
    }

    [Fact]
    public async Task A_terminal_failure_is_not_retried()
    {
        using var h = new QueueHarness();
        var calls = 0;
        Task<ReconcileResult> Handle(string key, CancellationToken ct)
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult(ReconcileResult.TerminalFailure("spec.app.replicas must be 1..10"));
        }

        using var stop = new CancellationTokenSource();
        var run = h.Queue.RunWorkersAsync(1, Handle, stop.Token);
        h.Queue.Add("a");
        await ControllerTestWait.UntilAsync(() => Volatile.Read(ref calls) == 1, "the reconcile ran");
        h.Time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, h.Queue.WaitingCount);
        Assert.Equal(0, h.Queue.NumRequeues("a"));
        await stop.CancelAsync();
        await ControllerTestWait.Within(run, "the workers to stop");
        Assert.Equal(1, Volatile.Read(ref calls));
    }

    [Fact]
    public async Task RequeueAfter_looks_again_later_and_resets_the_backoff()
    {
        using var h = new QueueHarness();
        h.Queue.AddRateLimited("a");
        h.Time.Advance(TimeSpan.FromMilliseconds(5));
        var key = await h.TakeAsync();

        h.Queue.Apply(key, ReconcileResult.RequeueAfter(TimeSpan.FromMinutes(1)));
        h.Queue.Done(key);
        Assert.Equal(0, h.Queue.NumRequeues("a"));

        h.Time.Advance(TimeSpan.FromMinutes(1) - Ms);
        Assert.Equal(0, h.Queue.Count);
        h.Time.Advance(Ms);
        Assert.Equal(1, h.Queue.Count);
    }

    [Fact]
    public async Task Shutdown_stops_taking_keys_and_lets_in_flight_work_finish()
    {
        using var h = new QueueHarness();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var processed = new ConcurrentQueue<string>();
        CancellationToken inFlightToken = default;
        var started = 0;

        async Task<ReconcileResult> Handle(string key, CancellationToken ct)
        {
            inFlightToken = ct;
            Interlocked.Increment(ref started);
            await release.Task;
            processed.Enqueue(key);
            return ReconcileResult.Done();
        }

        using var stop = new CancellationTokenSource();
        var run = h.Queue.RunWorkersAsync(1, Handle, stop.Token);
        h.Queue.Add("a");
        await ControllerTestWait.UntilAsync(() => Volatile.Read(ref started) == 1, "'a' is in flight");
        h.Queue.Add("b");

        await stop.CancelAsync();
        Assert.True(h.Queue.IsShuttingDown);
        h.Queue.Add("c");
        Assert.Equal(1, h.Queue.Count);
        Assert.False(run.IsCompleted);

        release.SetResult();
        await ControllerTestWait.Within(run, "the workers to stop");
        Assert.Equal(["a"], processed);
        Assert.False(inFlightToken.IsCancellationRequested);
    }

    [Fact]
    public async Task In_flight_work_is_cancelled_when_the_grace_period_ends()
    {
        using var h = new QueueHarness(new WorkQueueOptions { ShutdownGracePeriod = TimeSpan.FromSeconds(30) });
        var started = 0;
        async Task<ReconcileResult> Handle(string key, CancellationToken ct)
        {
            Interlocked.Increment(ref started);
            await Cancellation.UntilCancelled(ct);
            return ReconcileResult.Done();
        }

        using var stop = new CancellationTokenSource();
        var run = h.Queue.RunWorkersAsync(1, Handle, stop.Token);
        h.Queue.Add("a");
        await ControllerTestWait.UntilAsync(() => Volatile.Read(ref started) == 1, "'a' is in flight");

        await stop.CancelAsync();
        h.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(run.IsCompleted);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await ControllerTestWait.Within(run, "the workers to stop after the grace period");
    }

    [Fact]
    public async Task Depth_adds_and_retries_are_measured_per_queue()
    {
        using var h = new QueueHarness(name: "labs");
        h.Queue.Add("a");
        h.Queue.Add("a");
        h.Queue.Add("b");
        Assert.Equal(2, h.Recorder.Sum("studyoperator_workqueue_depth", ("queue", "labs")));
        Assert.Equal(2, h.Recorder.Sum("studyoperator_workqueue_adds_total", ("queue", "labs")));

        var key = await h.TakeAsync();
        Assert.Equal(1, h.Recorder.Sum("studyoperator_workqueue_depth", ("queue", "labs")));
        h.Queue.AddRateLimited(key);
        h.Queue.Done(key);
        Assert.Equal(1, h.Recorder.Sum("studyoperator_workqueue_retries_total", ("queue", "labs")));
        Assert.Equal(1, h.Recorder.Count("studyoperator_workqueue_queue_duration_seconds", ("queue", "labs")));
    }
}
