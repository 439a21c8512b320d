using System.Text.Json;
using k8s;
using k8s.Models;

namespace StudyOperator.Controller;

/// <summary>
/// List/watch sources over KubernetesClient for the built-in kinds the operator watches and for custom resources.
/// A null namespace lists and watches across all namespaces; a label selector, where offered, narrows both the
/// list and the watch on the server, so the cache holds only the objects the operator can care about.
/// </summary>
internal static class KubernetesSources
{
    /// <summary>
    /// Default server-side watch timeout. Like client-go, each watch asks for a random length between this and twice
    /// this, so that many watches do not all end and re-open at the same moment.
    /// </summary>
    public static readonly TimeSpan DefaultWatchTimeout = TimeSpan.FromMinutes(5);

    public static IListWatchSource<V1Deployment> Deployments(IKubernetes client, TimeSpan? watchTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new KubernetesListWatchSource<V1Deployment>(
            async (ns, ct) => Of(await (ns is null
                ? client.AppsV1.ListDeploymentForAllNamespacesAsync(cancellationToken: ct)
                : client.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: ct)),
                l => l.Items, l => l.Metadata),
            (ns, rv, onError, ct) => ns is null
                ? client.AppsV1.WatchListDeploymentForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: TimeoutSeconds(watchTimeout), onError: onError, cancellationToken: ct)
                : client.AppsV1.WatchListNamespacedDeploymentAsync(ns, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: TimeoutSeconds(watchTimeout), onError: onError, cancellationToken: ct));
    }

    public static IListWatchSource<V1Service> Services(IKubernetes client, TimeSpan? watchTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new KubernetesListWatchSource<V1Service>(
            async (ns, ct) => Of(await (ns is null
                ? client.CoreV1.ListServiceForAllNamespacesAsync(cancellationToken: ct)
                : client.CoreV1.ListNamespacedServiceAsync(ns, cancellationToken: ct)),
                l => l.Items, l => l.Metadata),
            (ns, rv, onError, ct) => ns is null
                ? client.CoreV1.WatchListServiceForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: TimeoutSeconds(watchTimeout), onError: onError, cancellationToken: ct)
                : client.CoreV1.WatchListNamespacedServiceAsync(ns, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: TimeoutSeconds(watchTimeout), onError: onError, cancellationToken: ct));
    }

    public static IListWatchSource<V1Pod> Pods(IKubernetes client, TimeSpan? watchTimeout = null, string? labelSelector = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new KubernetesListWatchSource<V1Pod>(
            async (ns, ct) => Of(await (ns is null
                ? client.CoreV1.ListPodForAllNamespacesAsync(labelSelector: labelSelector, cancellationToken: ct)
                : client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: labelSelector, cancellationToken: ct)),
                l => l.Items, l => l.Metadata),
            (ns, rv, onError, ct) => ns is null
                ? client.CoreV1.WatchListPodForAllNamespacesAsync(labelSelector: labelSelector, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: TimeoutSeconds(watchTimeout), onError: onError, cancellationToken: ct)
                : client.CoreV1.WatchListNamespacedPodAsync(ns, labelSelector: labelSelector, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: TimeoutSeconds(watchTimeout), onError: onError, cancellationToken: ct));
    }

    public static IListWatchSource<V1Job> Jobs(IKubernetes client, TimeSpan? watchTimeout = null, string? labelSelector = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new KubernetesListWatchSource<V1Job>(
            async (ns, ct) => Of(await (ns is null
                ? client.BatchV1.ListJobForAllNamespacesAsync(labelSelector: labelSelector, cancellationToken: ct)
                : client.BatchV1.ListNamespacedJobAsync(ns, labelSelector: labelSelector, cancellationToken: ct)),
                l => l.Items, l => l.Metadata),
            (ns, rv, onError, ct) => ns is null
                ? client.BatchV1.WatchListJobForAllNamespacesAsync(labelSelector: labelSelector, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: TimeoutSeconds(watchTimeout), onError: onError, cancellationToken: ct)
                : client.BatchV1.WatchListNamespacedJobAsync(ns, labelSelector: labelSelector, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: TimeoutSeconds(watchTimeout), onError: onError, cancellationToken: ct));
    }

    public static IListWatchSource<V1ReplicaSet> ReplicaSets(IKubernetes client, TimeSpan? watchTimeout = null, string? labelSelector = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new KubernetesListWatchSource<V1ReplicaSet>(
            async (ns, ct) => Of(await (ns is null
                ? client.AppsV1.ListReplicaSetForAllNamespacesAsync(labelSelector: labelSelector, cancellationToken: ct)
                : client.AppsV1.ListNamespacedReplicaSetAsync(ns, labelSelector: labelSelector, cancellationToken: ct)),
                l => l.Items, l => l.Metadata),
            (ns, rv, onError, ct) => ns is null
                ? client.AppsV1.WatchListReplicaSetForAllNamespacesAsync(labelSelector: labelSelector, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: TimeoutSeconds(watchTimeout), onError: onError, cancellationToken: ct)
                : client.AppsV1.WatchListNamespacedReplicaSetAsync(ns, labelSelector: labelSelector, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: TimeoutSeconds(watchTimeout), onError: onError, cancellationToken: ct));
    }

    public static IListWatchSource<V1EndpointSlice> EndpointSlices(IKubernetes client, TimeSpan? watchTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new KubernetesListWatchSource<V1EndpointSlice>(
            async (ns, ct) => Of(await (ns is null
                ? client.DiscoveryV1.ListEndpointSliceForAllNamespacesAsync(cancellationToken: ct)
                : client.DiscoveryV1.ListNamespacedEndpointSliceAsync(ns, cancellationToken: ct)),
                l => l.Items, l => l.Metadata),
            (ns, rv, onError, ct) => ns is null
                ? client.DiscoveryV1.WatchListEndpointSliceForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: TimeoutSeconds(watchTimeout), onError: onError, cancellationToken: ct)
                : client.DiscoveryV1.WatchListNamespacedEndpointSliceAsync(ns, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: TimeoutSeconds(watchTimeout), onError: onError, cancellationToken: ct));
    }

    /// <summary>A namespaced custom resource, addressed by API group, version and plural name.</summary>
    public static IListWatchSource<T> Custom<T>(IKubernetes client, string group, string version, string plural, TimeSpan? watchTimeout = null)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(group);
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentException.ThrowIfNullOrEmpty(plural);
        return new KubernetesListWatchSource<T>(
            async (ns, ct) => Of(await (ns is null
                ? client.CustomObjects.ListCustomObjectForAllNamespacesAsync<KubernetesList<T>>(group, version, plural, cancellationToken: ct)
                : client.CustomObjects.ListNamespacedCustomObjectAsync<KubernetesList<T>>(group, version, ns, plural, cancellationToken: ct)),
                l => l.Items, l => l.Metadata),
            (ns, rv, onError, ct) => ConvertAsync<T>(ns is null
                ? client.CustomObjects.WatchListCustomObjectForAllNamespacesAsync(group, version, plural, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: TimeoutSeconds(watchTimeout), onError: onError, cancellationToken: ct)
                : client.CustomObjects.WatchListNamespacedCustomObjectAsync(group, version, ns, plural, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: TimeoutSeconds(watchTimeout), onError: onError, cancellationToken: ct)));
    }

    /// <summary>The custom-objects watch yields untyped JSON; this gives it the resource's type.</summary>
    internal static T FromUntyped<T>(object obj) => obj switch
    {
        T typed => typed,
        JsonElement element => KubernetesJson.Deserialize<T>(element),
        _ => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj)),
    };

    private static async IAsyncEnumerable<(WatchEventType, T)> ConvertAsync<T>(IAsyncEnumerable<(WatchEventType, object)> events)
    {
        // Cancellation is already bound into the inner enumerable by the caller.
        await foreach (var (type, obj) in events)
        {
            yield return (type, FromUntyped<T>(obj));
        }
    }

    private static ListResult<T> Of<TList, T>(TList list, Func<TList, IList<T>?> items, Func<TList, V1ListMeta?> metadata) =>
        new(items(list)?.ToArray() ?? [], metadata(list)?.ResourceVersion ?? "");

    private static int TimeoutSeconds(TimeSpan? watchTimeout)
    {
        var seconds = (int)Math.Max(1, (watchTimeout ?? DefaultWatchTimeout).TotalSeconds);
        return seconds + Random.Shared.Next(seconds);
    }
}
