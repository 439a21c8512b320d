using StudyOperator.Sandbox.Node;

namespace StudyOperator.Sandbox.Tests.Node;

public sealed class ContainerLogTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static ContainerLog LogWith(int lines, int maxLines = ContainerLog.DefaultMaxLines)
    {
        var log = new ContainerLog(maxLines);
        for (var i = 0; i < lines; i++)
        {
            log.Append(new LogLine(T0.AddSeconds(i), LogStream.Stdout, $"line {i}"));
        }
        return log;
    }

    [Fact]
    public void TailLines_returns_the_last_lines()
    {
        var log = LogWith(10);

        Assert.Equal(["line 7", "line 8", "line 9"], log.Read(new LogQuery(TailLines: 3)).Select(l => l.Text));
        Assert.Empty(log.Read(new LogQuery(TailLines: 0)));
        Assert.Equal(10, log.Read(new LogQuery(TailLines: 100)).Count);
    }

    [Fact]
    public void SinceTime_drops_older_lines_and_combines_with_tail()
    {
        var log = LogWith(10);

        Assert.Equal(["line 6", "line 7", "line 8", "line 9"], log.Read(new LogQuery(SinceTime: T0.AddSeconds(6))).Select(l => l.Text));
        Assert.Equal(["line 9"], log.Read(new LogQuery(TailLines: 1, SinceTime: T0.AddSeconds(6))).Select(l => l.Text));
    }

    [Fact]
    public void LimitBytes_cuts_the_output_even_mid_line()
    {
        var log = LogWith(3);

        Assert.Equal("line 0\nli", log.Render(new LogQuery(LimitBytes: 9)));
    }

    [Fact]
    public void Timestamps_are_RFC3339_with_a_trimmed_fraction()
    {
        var log = new ContainerLog();
        log.Append(new LogLine(T0.AddTicks(1_234_500), LogStream.Stdout, "hello"));
        log.Append(new LogLine(T0, LogStream.Stderr, "whole second"));

        Assert.Equal("2026-11-27T12:00:00.12345Z hello\n2026-11-27T12:00:00Z whole second\n", log.Render(new LogQuery(Timestamps: true)));
    }

    [Fact]
    public void The_ring_drops_the_oldest_lines_when_full()
    {
        var log = LogWith(10, maxLines: 4);

        Assert.Equal(["line 6", "line 7", "line 8", "line 9"], log.Read(new LogQuery()).Select(l => l.Text));
        Assert.Equal(10, log.TotalLines);
    }

    [Fact]
    public void The_ring_also_honours_its_byte_budget()
    {
        var log = new ContainerLog(maxLines: 1000, maxBytes: 30);
        for (var i = 0; i < 10; i++)
        {
            log.Append(new LogLine(T0, LogStream.Stdout, "123456789"));
        }

        Assert.Equal(3, log.Read(new LogQuery()).Count);
    }

    [Fact]
    public async Task Follow_yields_the_backlog_then_new_lines_until_the_container_ends()
    {
        var log = LogWith(2);
        var received = new List<string>();

        var reader = Task.Run(async () =>
        {
            await foreach (var line in log.FollowAsync(new LogQuery(TailLines: 1)))
            {
                lock (received)
                {
                    received.Add(line.Text);
                }
            }
        });
        await Eventually.True(() => { lock (received) { return received.Count == 1; } });
        log.Append(new LogLine(T0, LogStream.Stdout, "later"));
        await Eventually.True(() => { lock (received) { return received.Count == 2; } });
        log.Complete();
        await reader.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["line 1", "later"], received);
    }

    [Fact]
    public async Task Follow_stops_when_cancelled()
    {
        var log = LogWith(1);
        using var cts = new CancellationTokenSource();
        var count = 0;

        var reader = Task.Run(async () =>
        {
            await foreach (var _ in log.FollowAsync(new LogQuery(), cts.Token))
            {
                Interlocked.Increment(ref count);
            }
        });
        await Eventually.True(() => Volatile.Read(ref count) == 1);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
