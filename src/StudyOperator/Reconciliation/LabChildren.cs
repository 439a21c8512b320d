using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using StudyOperator.Controller;
using StudyOperator.Kube;

namespace StudyOperator.Reconciliation;

/// <summary>
/// Makes a lab's Deployment and Service match their desired state, comparing with the informer
/// caches so that a steady-state reconcile sends no request at all.
/// </summary>
internal sealed class LabChildren(IKubernetes client, Informer<V1Deployment> deployments, Informer<V1Service> services)
{
    /// <summary>What happened to a child: nothing, created, or replaced.</summary>
    public enum Outcome
    {
        Unchanged,
        Created,
        Updated,
    }

    public Task<Outcome> EnsureDeploymentAsync(V1Deployment desired, CancellationToken cancellationToken) =>
        EnsureAsync(
            desired,
            deployments,
            (obj, ct) => client.AppsV1.CreateNamespacedDeploymentAsync(obj, obj.Metadata.NamespaceProperty, cancellationToken: ct),
            (obj, ct) => client.AppsV1.ReplaceNamespacedDeploymentAsync(obj, obj.Metadata.Name, obj.Metadata.NamespaceProperty, cancellationToken: ct),
            cancellationToken);

    public Task<Outcome> EnsureServiceAsync(V1Service desired, CancellationToken cancellationToken) =>
        EnsureAsync(
            desired,
            services,
            (obj, ct) => client.CoreV1.CreateNamespacedServiceAsync(obj, obj.Metadata.NamespaceProperty, cancellationToken: ct),
            (obj, ct) => client.CoreV1.ReplaceNamespacedServiceAsync(obj, obj.Metadata.Name, obj.Metadata.NamespaceProperty, cancellationToken: ct),
            cancellationToken);

    private static async Task<Outcome> EnsureAsync<T>(
        T desired,
        Informer<T> cache,
        Func<T, CancellationToken, Task<T>> create,
        Func<T, CancellationToken, Task<T>> replace,
        CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var live = cache.Get(ObjectKey.Of(desired));
        switch (ChildPlan.Decide(ToJson(desired), live is null ? null : ToJson(live)))
        {
            case ChildPlan.Create create1:
                await create(FromJson<T>(create1.Object), cancellationToken);
                return Outcome.Created;
            case ChildPlan.Replace replace1:
                await replace(FromJson<T>(replace1.Object), cancellationToken);
                return Outcome.Updated;
            default:
                return Outcome.Unchanged;
        }
    }

    private static JsonObject ToJson<T>(T obj) => JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject();

    private static T FromJson<T>(JsonObject obj) => KubernetesJson.Deserialize<T>(obj.ToJsonString());
}
