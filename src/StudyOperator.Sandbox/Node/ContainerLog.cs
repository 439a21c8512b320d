using System.Runtime.CompilerServices;
using System.Text;

namespace StudyOperator.Sandbox.Node;

/// <summary>
/// The bounded log of one container instance: a ring of lines that drops the oldest when either the line or
/// the byte budget is exceeded, standing in for the kubelet's rotated CRI log file. It is completed when the
/// instance exits, which ends any <c>follow</c> reader.
/// </summary>
internal sealed class ContainerLog(int maxLines = ContainerLog.DefaultMaxLines, long maxBytes = ContainerLog.DefaultMaxBytes)
{
    public const int DefaultMaxLines = 50_000;
    public const long DefaultMaxBytes = 4 * 1024 * 1024;

    private readonly Queue<LogLine> _lines = new();
    private readonly Lock _gate = new();
    private long _bytes;
    private long _appended;
    private TaskCompletionSource _changed = NewSignal();

    public bool IsCompleted { get; private set; }

    /// <summary>Lines ever appended, including those the ring has already dropped.</summary>
    public long TotalLines
    {
        get
        {
            lock (_gate)
            {
                return _appended;
            }
        }
    }

    public void Append(LogLine line)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            if (IsCompleted)
            {
                return;
            }
            _lines.Enqueue(line);
            _bytes += Size(line);
            _appended++;
            while (_lines.Count > maxLines || (_bytes > maxBytes && _lines.Count > 1))
            {
                _bytes -= Size(_lines.Dequeue());
            }
            changed = _changed;
            _changed = NewSignal();
        }
        changed.TrySetResult();
    }

    /// <summary>Marks the end of the instance's output; later appends are ignored.</summary>
    public void Complete()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            if (IsCompleted)
            {
                return;
            }
            IsCompleted = true;
            changed = _changed;
        }
        changed.TrySetResult();
    }

    /// <summary>The lines matching <paramref name="query"/>'s since and tail options, oldest first.</summary>
    public IReadOnlyList<LogLine> Read(LogQuery query)
    {
        lock (_gate)
        {
            return Select(_lines, query);
        }
    }

    /// <summary>
    /// The text <c>kubectl logs</c> shows: selected lines, formatted, and cut after <c>limitBytes</c> bytes
    /// (the kubelet stops writing once the limit is reached, even mid-line).
    /// </summary>
    public string Render(LogQuery query)
    {
        var builder = new StringBuilder();
        foreach (var line in Read(query))
        {
            builder.Append(line.Format(query.Timestamps));
        }
        return query.LimitBytes is { } limit ? TruncateUtf8(builder.ToString(), limit) : builder.ToString();
    }

    /// <summary>
    /// Lines as they arrive (<c>kubectl logs -f</c>): first the selection <see cref="Read"/> gives, then every new
    /// line, until the instance exits or <paramref name="ct"/> fires.
    /// </summary>
    public async IAsyncEnumerable<LogLine> FollowAsync(LogQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        IReadOnlyList<LogLine> batch;
        long seen;
        Task changed;
        lock (_gate)
        {
            batch = Select(_lines, query);
            seen = _appended;
            changed = _changed.Task;
        }
        foreach (var line in batch)
        {
            yield return line;
        }
        while (true)
        {
            bool completed;
            lock (_gate)
            {
                completed = IsCompleted;
            }
            if (completed && seen == TotalLines)
            {
                yield break;
            }
            await changed.WaitAsync(ct);
            lock (_gate)
            {
                // Lines dropped by the ring before this reader got to them are lost, as with a rotated file.
                var fresh = (int)Math.Min(_appended - seen, _lines.Count);
                batch = _lines.Skip(_lines.Count - fresh).ToArray();
                seen = _appended;
                completed = IsCompleted;
                changed = _changed.Task;
            }
            foreach (var line in batch)
            {
                yield return line;
            }
            if (completed)
            {
                yield break;
            }
        }
    }

    internal static string TruncateUtf8(string text, long limitBytes)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return bytes.Length <= limitBytes ? text : Encoding.UTF8.GetString(bytes, 0, (int)limitBytes);
    }

    private static List<LogLine> Select(IEnumerable<LogLine> lines, LogQuery query)
    {
        var selected = query.SinceTime is { } since ? lines.Where(l => l.Timestamp >= since) : lines;
        var list = selected.ToList();
        if (query.TailLines is { } tail && tail >= 0 && list.Count > tail)
        {
            list.RemoveRange(0, list.Count - tail);
        }
        return list;
    }

    private static long Size(LogLine line) => Encoding.UTF8.GetByteCount(line.Text) + 1;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
