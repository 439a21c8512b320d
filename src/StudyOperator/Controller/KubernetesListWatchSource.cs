using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;

namespace StudyOperator.Controller;

/// <summary>
/// An <see cref="IListWatchSource{T}"/> over KubernetesClient calls. The library reports a watch ERROR event through its
/// onError callback and keeps reading; this adapter turns that callback into an exception at the point of the stream
/// where it happened, so the informer sees "410 Gone" as one clear signal.
/// </summary>
internal sealed class KubernetesListWatchSource<T>(
    Func<string?, CancellationToken, Task<ListResult<T>>> list,
    Func<string?, string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch) : IListWatchSource<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    public Task<ListResult<T>> ListAsync(string? @namespace, CancellationToken cancellationToken) => list(@namespace, cancellationToken);

    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string? @namespace, string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Exception? failure = null;
        await foreach (var (type, obj) in watch(@namespace, resourceVersion, error => failure ??= error, cancellationToken).WithCancellation(cancellationToken))
        {
            if (failure is not null)
            {
                throw failure;
            }

            yield return (type, obj);
        }

        // The server normally closes the stream right after an ERROR event, so this is where 410 usually shows.
        if (failure is not null)
        {
            throw failure;
        }
    }
}
