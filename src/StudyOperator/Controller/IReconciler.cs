using k8s;
using k8s.Models;

namespace StudyOperator.Controller;

/// <summary>Brings the world in line with one object; called by <see cref="Controller{T}"/> with the cached object.</summary>
internal interface IReconciler<in T> where T : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Reconciles the object as the informer cache has it. Throwing is allowed: the exception is mapped by
    /// <see cref="ReconcileResult.FromException"/>. The object is shared with the cache: do not modify it.</summary>
    Task<ReconcileResult> ReconcileAsync(T obj, CancellationToken cancellationToken);

    /// <summary>Called when the key is no longer in the cache (the object is gone). Children owned through
    /// ownerReferences are garbage-collected by the cluster, so most reconcilers only drop in-memory state here.</summary>
    Task<ReconcileResult> ReconcileDeletedAsync(ObjectKey key, CancellationToken cancellationToken) => Task.FromResult(ReconcileResult.Done());
}
