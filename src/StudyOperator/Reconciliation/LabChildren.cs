using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using StudyOperator.Controller;
using StudyOperator.Kube;

namespace StudyOperator.Reconciliation;

/// <summary>
/// Makes a lab's Deployment and Service match their desired state, comparing with the informer
/// caches so that a steady-state reconcile sends no request at all. A child it created is expected in
/// the cache (client-go's controller expectations): until its watch event arrives, or for at most
/// <see cref="ExpectationTimeout"/>, a pass does not mistake its absence for "missing" and create it twice.
/// </summary>
internal sealed class LabChildren(IKubernetes client, Informer<V1Deployment> deployments, Informer<V1Service> services, TimeProvider time)
{
    /// <summary>How long a created child may stay invisible in the cache before it counts as missing again.</summary>
    public static readonly TimeSpan ExpectationTimeout = TimeSpan.FromSeconds(30);

    // Kind/namespace/name of children created by this process and not yet seen in the cache → when they were created.
    private readonly ConcurrentDictionary<string, DateTimeOffset> expected = new();

    /// <summary>What happened to a child: nothing, created now, created earlier but not in the cache yet, or replaced.</summary>
    public enum Outcome
    {
        Unchanged,
        Created,
        Expected,
        Updated,
    }

    /// <summary>True when the cache cannot show the child yet (just created, or created and still on its way).</summary>
    public static bool NotCachedYet(Outcome outcome) => outcome is Outcome.Created or Outcome.Expected;

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

    private async Task<Outcome> EnsureAsync<T>(
        T desired,
        Informer<T> cache,
        Func<T, CancellationToken, Task<T>> create,
        Func<T, CancellationToken, Task<T>> replace,
        CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var key = ObjectKey.Of(desired);
        var expectation = $"{desired.Kind}/{key}";
        var live = cache.Get(key);
        if (live is not null)
        {
            expected.TryRemove(expectation, out _);
        }
        else if (expected.TryGetValue(expectation, out var createdAt) && time.GetUtcNow() - createdAt < ExpectationTimeout)
        {
            return Outcome.Expected; // created by an earlier pass; its watch event has not reached the cache yet
        }

        switch (ChildPlan.Decide(ToJson(desired), live is null ? null : ToJson(live)))
        {
            case ChildPlan.Create create1:
                await create(FromJson<T>(create1.Object), cancellationToken);
                Expect(expectation);
                return Outcome.Created;
            case ChildPlan.Replace replace1:
                await replace(FromJson<T>(replace1.Object), cancellationToken);
                return Outcome.Updated;
            default:
                return Outcome.Unchanged;
        }
    }

    private void Expect(string child)
    {
        var now = time.GetUtcNow();
        foreach (var (stale, createdAt) in expected)
        {
            if (now - createdAt >= ExpectationTimeout)
            {
                expected.TryRemove(stale, out _); // e.g. its lab was deleted before the child ever reached the cache
            }
        }

        expected[child] = now;
    }

    private static JsonObject ToJson<T>(T obj) => JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject();

    private static T FromJson<T>(JsonObject obj) => KubernetesJson.Deserialize<T>(obj.ToJsonString());
}
