using k8s;
using k8s.Models;

namespace StudyOperator.Controller;

/// <summary>
/// Where an informer gets its objects: a full list, then a watch from the list's resourceVersion.
/// Kept apart from <see cref="Informer{T}"/> so tests can feed events, close streams and answer 410 without a server.
/// </summary>
internal interface IListWatchSource<T> where T : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Lists every object in the namespace (all namespaces when null).</summary>
    Task<ListResult<T>> ListAsync(string? @namespace, CancellationToken cancellationToken);

    /// <summary>
    /// Watches from <paramref name="resourceVersion"/> with bookmarks enabled. The sequence ends when the server closes
    /// the stream. A watch ERROR event is never yielded: it is thrown as a <see cref="KubernetesException"/> carrying the
    /// server's Status (code 410 when the resourceVersion has expired).
    /// </summary>
    IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(string? @namespace, string resourceVersion, CancellationToken cancellationToken);
}
