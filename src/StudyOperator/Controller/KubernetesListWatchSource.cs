using System.Reflection;
using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;

namespace StudyOperator.Controller;

/// <summary>
/// An <see cref="IListWatchSource{T}"/> over KubernetesClient calls. The library reports a watch ERROR event through its
/// onError callback and keeps reading; this adapter turns that callback into an exception at the point of the stream
/// where it happened, so the informer sees "410 Gone" as one clear signal. Items of a built-in list arrive without
/// kind and apiVersion (only the list carries them); they are filled in, so a listed object looks exactly like a
/// watched one and comparing a desired object with it does not see a difference that is not there.
/// </summary>
internal sealed class KubernetesListWatchSource<T>(
    Func<string?, CancellationToken, Task<ListResult<T>>> list,
    Func<string?, string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch) : IListWatchSource<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    private static readonly KubernetesEntityAttribute? Entity = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>();

    public async Task<ListResult<T>> ListAsync(string? @namespace, CancellationToken cancellationToken)
    {
        var result = await list(@namespace, cancellationToken);
        if (Entity is { } entity)
        {
            var apiVersion = string.IsNullOrEmpty(entity.Group) ? entity.ApiVersion : $"{entity.Group}/{entity.ApiVersion}";
            foreach (var item in result.Items)
            {
                item.ApiVersion ??= apiVersion;
                item.Kind ??= entity.Kind;
            }
        }

        return result;
    }

    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string? @namespace, string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The library keeps reading after it reports an error (a line it cannot read, say); this stops the stream at the
        // first one, so the error surfaces at once rather than when the server next sends an event or ends the watch.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? failure = null;
        void OnError(Exception error)
        {
            if (Interlocked.CompareExchange(ref failure, error, null) is null)
            {
                stop.Cancel();
            }
        }

        bool Failed() => Volatile.Read(ref failure) is not null && !cancellationToken.IsCancellationRequested;
        await using var events = watch(@namespace, resourceVersion, OnError, stop.Token).GetAsyncEnumerator(stop.Token);
        while (await NextAsync(events, Failed))
        {
            if (Failed())
            {
                break;
            }

            yield return events.Current;
        }

        // The server normally closes the stream right after an ERROR event, so this is where 410 usually shows.
        if (Volatile.Read(ref failure) is { } error)
        {
            throw error;
        }
    }

    private static async ValueTask<bool> NextAsync(IAsyncEnumerator<(WatchEventType, T)> events, Func<bool> failed)
    {
        try
        {
            return await events.MoveNextAsync();
        }
        catch (OperationCanceledException) when (failed())
        {
            return false;
        }
    }
}
