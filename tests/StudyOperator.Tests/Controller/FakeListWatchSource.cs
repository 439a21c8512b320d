using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using StudyOperator.Controller;

namespace StudyOperator.Tests.Controller;

/// <summary>
/// A scripted API server for one kind: lists answer from a queue of prepared responses (an unexpected list fails the
/// informer), and every watch becomes a <see cref="FakeWatchStream{T}"/> the test drives event by event.
/// </summary>
internal sealed class FakeListWatchSource<T> : IListWatchSource<T> where T : IKubernetesObject<V1ObjectMeta>
{
    private readonly ConcurrentQueue<Func<ListResult<T>>> lists = new();
    private readonly Channel<FakeWatchStream<T>> opened = Channel.CreateUnbounded<FakeWatchStream<T>>();
    private int listCalls;
    private int watchCalls;

    public int ListCalls => Volatile.Read(ref listCalls);

    public int WatchCalls => Volatile.Read(ref watchCalls);

    public string? LastListNamespace { get; private set; }

    public void RespondToList(string resourceVersion, params T[] items) => lists.Enqueue(() => new ListResult<T>(items, resourceVersion));

    public void FailList(Exception error) => lists.Enqueue(() => throw error);

    public Task<ListResult<T>> ListAsync(string? @namespace, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref listCalls);
        LastListNamespace = @namespace;
        return lists.TryDequeue(out var respond)
            ? Task.FromResult(respond())
            : throw new InvalidOperationException("The informer listed although the test did not expect a list.");
    }

    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string? @namespace, string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref watchCalls);
        var stream = new FakeWatchStream<T>(resourceVersion);
        opened.Writer.TryWrite(stream);
        await foreach (var step in stream.Steps.ReadAllAsync(cancellationToken))
        {
            if (step.Error is not null)
            {
                throw step.Error;
            }

            yield return (step.Type, step.Object!);
        }
    }

    /// <summary>The next watch the informer opens.</summary>
    public Task<FakeWatchStream<T>> NextWatchAsync() =>
        ControllerTestWait.Within(opened.Reader.ReadAsync().AsTask(), "the informer to open a watch");

    /// <summary>True if the informer opened a watch that the test has not taken yet.</summary>
    public bool HasPendingWatch => opened.Reader.Count > 0;
}
