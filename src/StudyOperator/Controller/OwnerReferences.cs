using k8s;
using k8s.Models;

namespace StudyOperator.Controller;

/// <summary>Maps a child object to the key of the object that controls it, for enqueueing the owner when a child changes.</summary>
internal static class OwnerReferences
{
    /// <summary>
    /// The key of the child's controller owner (the ownerReference with <c>controller: true</c>) when that owner has the
    /// given API group and kind; the version is ignored, like controller-runtime's EnqueueRequestForOwner, so a
    /// version bump of the owner's API keeps working. Owners live in the child's namespace (or are cluster-scoped).
    /// </summary>
    /// <param name="child">The object whose owner is wanted.</param>
    /// <param name="ownerApiVersion">The owner's apiVersion (<c>group/version</c>, or <c>v1</c> for the core group); only the group is compared.</param>
    /// <param name="ownerKind">The owner's kind, e.g. <c>StudyLab</c>.</param>
    public static ObjectKey? ControllerOwnerKey(IKubernetesObject<V1ObjectMeta> child, string ownerApiVersion, string ownerKind)
    {
        ArgumentNullException.ThrowIfNull(child);
        ArgumentException.ThrowIfNullOrEmpty(ownerApiVersion);
        ArgumentException.ThrowIfNullOrEmpty(ownerKind);
        var wantedGroup = GroupOf(ownerApiVersion);
        foreach (var owner in child.Metadata?.OwnerReferences ?? [])
        {
            if (owner.Controller == true
                && string.Equals(owner.Kind, ownerKind, StringComparison.Ordinal)
                && string.Equals(GroupOf(owner.ApiVersion), wantedGroup, StringComparison.Ordinal)
                && !string.IsNullOrEmpty(owner.Name))
            {
                var ns = child.Metadata!.NamespaceProperty;
                return new ObjectKey(string.IsNullOrEmpty(ns) ? null : ns, owner.Name);
            }
        }

        return null;
    }

    /// <summary>Builds a handler that adds the controller owner's key of every added, updated or deleted child to the queue.</summary>
    public static InformerEventHandler<TChild> EnqueueOwner<TChild>(WorkQueue<ObjectKey> queue, string ownerApiVersion, string ownerKind)
        where TChild : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(queue);
        void Enqueue(TChild child)
        {
            if (ControllerOwnerKey(child, ownerApiVersion, ownerKind) is { } key)
            {
                queue.Add(key);
            }
        }

        return new InformerEventHandler<TChild>
        {
            OnAdd = Enqueue,

            // An owner change moves the child: both the old and the new owner must look again.
            OnUpdate = (old, updated) =>
            {
                Enqueue(old);
                Enqueue(updated);
            },
            OnDelete = Enqueue,
        };
    }

    /// <summary>"apps/v1" → "apps"; "v1" → "" (the core group).</summary>
    internal static string GroupOf(string? apiVersion)
    {
        if (string.IsNullOrEmpty(apiVersion))
        {
            return "";
        }

        var slash = apiVersion.LastIndexOf('/');
        return slash < 0 ? "" : apiVersion[..slash];
    }
}
