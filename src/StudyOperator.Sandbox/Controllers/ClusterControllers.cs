using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Registry;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Controllers;

/// <summary>
/// The control-plane loops the apiserver alone does not provide but clients rely on: ownerReference garbage
/// collection (Background, Foreground, Orphan), namespace finalization, CRD instance cleanup and the default
/// ServiceAccount. They run as in-process, event-driven watchers of the store, as later controllers will.
/// </summary>
internal sealed class ClusterControllers(ResourceService service, ILogger<ClusterControllers> logger, TimeSpan namespaceCleanupDelay, CancellationToken stopping)
{
    // Namespaces whose content the namespace controller has started removing (after namespaceCleanupDelay).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> cleaning = new(StringComparer.Ordinal);

    private const string Foreground = "foregroundDeletion";
    private const string Orphan = "orphan";

    public async Task RunAsync(StoreSubscription subscription, CancellationToken cancellationToken)
    {
        try
        {
            while (await subscription.Events.WaitToReadAsync(cancellationToken))
            {
                while (subscription.Events.TryRead(out var e))
                {
                    Handle(e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The sandbox is stopping.
        }
    }

    /// <summary>One step of every loop for one committed change; internal so tests can replay exact interleavings.</summary>
    internal void Handle(StoreEvent e)
    {
        var obj = e.Object;
        var kind = obj.Str("kind");
        if (e.Type == WatchEventType.Deleted)
        {
            foreach (var (storageKey, dependent) in service.Store.DependentsOf(obj.Uid() ?? ""))
            {
                CollectIfOrphaned(storageKey, dependent);
            }

            RecheckForegroundOwners(ObjectStore.OwnerUids(obj));
            RecheckTerminatingNamespace(obj.Ns());
            RecheckTerminatingCrd(e.StorageKey);
            return;
        }

        if (e.Type == WatchEventType.Added && kind == "Namespace")
        {
            EnsureDefaultServiceAccount(obj.Name());
        }

        var refsChanged = e.OldObject is null || !JsonNode.DeepEquals(e.OldObject.At("metadata", "ownerReferences"), obj.At("metadata", "ownerReferences"));
        if (refsChanged)
        {
            // An owner waiting for foreground deletion is only woken by changes to its dependents: a new dependent (e.g. a
            // ReplicaSet a controller created just before the delete) must go too, and a dependent that dropped or
            // unblocked its reference no longer holds the owner (graph_builder.go addUnblockedOwnersToDeleteQueue).
            var before = e.OldObject is null ? [] : ObjectStore.OwnerUids(e.OldObject);
            RecheckForegroundOwners(before.Union(ObjectStore.OwnerUids(obj), StringComparer.Ordinal));
        }

        if (ObjectStore.OwnerUids(obj).Any() && refsChanged)
        {
            CollectIfOrphaned(e.StorageKey, obj);
        }

        if (!obj.IsTerminating())
        {
            return;
        }

        var finalizers = obj.Finalizers().ToList();
        if (finalizers.Contains(Orphan))
        {
            OrphanDependents(e.StorageKey, obj);
        }

        if (finalizers.Contains(Foreground))
        {
            DeleteForeground(e.StorageKey, obj);
        }

        if (kind == "Namespace")
        {
            StartNamespaceCleanup(obj.Name());
        }

        if (kind == "CustomResourceDefinition" && finalizers.Contains(ResourceService.CrdCleanupFinalizer))
        {
            CleanupCrd(obj);
        }
    }

    /// <summary>Deletes a dependent whose owners (by uid, same namespace or cluster-scoped) are all gone; drops dangling references otherwise.</summary>
    private void CollectIfOrphaned(string storageKey, JsonObject dependent)
    {
        if (dependent.At("metadata", "ownerReferences") is not JsonArray refs || refs.Count == 0 || Type(storageKey) is not { } type)
        {
            return;
        }

        var dangling = new List<string>();
        foreach (var uid in ObjectStore.OwnerUids(dependent))
        {
            var owner = service.Store.FindByUid(uid);
            var ownerNs = owner?.Object.Ns();
            if (owner is null || (ownerNs!.Length > 0 && ownerNs != dependent.Ns()))
            {
                dangling.Add(uid);
            }
        }

        if (dangling.Count == 0)
        {
            return;
        }

        if (dangling.Count == refs.Count)
        {
            if (!dependent.IsTerminating())
            {
                Try(type, dependent, () => service.Delete(type, dependent.Ns(), dependent.Name(), new DeleteOptions("Background")));
            }

            return;
        }

        Try(type, dependent, () => service.Mutate(type, dependent.Ns(), dependent.Name(), o => RemoveOwnerRefs(o, dangling)));
    }

    private void RecheckForegroundOwners(IEnumerable<string> ownerUids)
    {
        foreach (var ownerUid in ownerUids)
        {
            if (service.Store.FindByUid(ownerUid) is { } owner && owner.Object.Finalizers().Contains(Foreground) && owner.Object.IsTerminating())
            {
                DeleteForeground(owner.StorageKey, owner.Object);
            }
        }
    }

    /// <summary>
    /// The foregroundDeletion finalizer: delete the owner's dependents, and release the owner once no dependent blocks it
    /// (garbagecollector.go processDeletingDependentsItem and attemptToDeleteItem).
    /// </summary>
    private void DeleteForeground(string storageKey, JsonObject owner)
    {
        var uid = owner.Uid() ?? "";

        // Under the store lock, so no dependent can appear between the last look at the dependents and the release of
        // the owner (a later one finds the owner gone and is collected as an orphan).
        lock (service.Store.Sync)
        {
            // The event may be old news: the owner can be gone, and its name taken by a new object.
            if (service.Store.FindByUid(uid) is null)
            {
                return;
            }

            foreach (var (depKey, dependent) in service.Store.DependentsOf(uid))
            {
                if (dependent.IsTerminating() || Type(depKey) is not { } depType)
                {
                    continue;
                }

                // A dependent another live owner still holds stays; it only lets go of the owners that are deleting their
                // dependents or gone (attemptToDeleteItem's "solid" owners).
                var released = ObjectStore.OwnerUids(dependent).Where(o => !IsSolidOwner(o, dependent)).ToList();
                if (released.Count < ObjectStore.OwnerUids(dependent).Count())
                {
                    Try(depType, dependent, () => service.Mutate(depType, dependent.Ns(), dependent.Name(), o => RemoveOwnerRefs(o, released)));
                    continue;
                }

                // Only a dependent with dependents of its own needs the foreground finalizer; a leaf goes at once, so no
                // finalizer of ours sits on it while others (the kubelet) finish its deletion.
                var policy = service.Store.DependentsOf(dependent.Uid() ?? "").Count > 0 ? "Foreground" : "Background";
                Try(depType, dependent, () => service.Delete(depType, dependent.Ns(), dependent.Name(), new DeleteOptions(policy)));
            }

            if (!service.Store.DependentsOf(uid).Any(d => Blocks(d.Object, uid)) && Type(storageKey) is { } type)
            {
                Try(type, owner, () => service.RemoveFinalizer(type, owner.Ns(), owner.Name(), Foreground));
            }
        }
    }

    /// <summary>An owner that exists (in the dependent's namespace, or cluster-scoped) and is not itself waiting for foreground deletion.</summary>
    private bool IsSolidOwner(string ownerUid, JsonObject dependent) =>
        service.Store.FindByUid(ownerUid) is { } owner
        && (owner.Object.Ns().Length == 0 || owner.Object.Ns() == dependent.Ns())
        && !(owner.Object.IsTerminating() && owner.Object.Finalizers().Contains(Foreground));

    private static bool Blocks(JsonObject dependent, string ownerUid) =>
        (dependent.At("metadata", "ownerReferences") as JsonArray)?.OfType<JsonObject>()
            .Any(r => r.Str("uid") == ownerUid && r["blockOwnerDeletion"] is JsonValue b && b.TryGetValue<bool>(out var blocks) && blocks) ?? false;

    private void OrphanDependents(string storageKey, JsonObject owner)
    {
        var uid = owner.Uid() ?? "";
        foreach (var (depKey, dependent) in service.Store.DependentsOf(uid))
        {
            if (Type(depKey) is { } depType)
            {
                Try(depType, dependent, () => service.Mutate(depType, dependent.Ns(), dependent.Name(), o => RemoveOwnerRefs(o, [uid])));
            }
        }

        if (Type(storageKey) is { } type)
        {
            Try(type, owner, () => service.RemoveFinalizer(type, owner.Ns(), owner.Name(), Orphan));
        }
    }

    /// <summary>
    /// Like the real namespace controller, content removal starts shortly after the namespace is marked for deletion,
    /// so a client deleting a namespace and then its objects (kubectl delete -f) still finds them.
    /// </summary>
    private void StartNamespaceCleanup(string ns)
    {
        if (cleaning.ContainsKey(ns))
        {
            FinalizeNamespace(ns);
            return;
        }

        if (namespaceCleanupDelay <= TimeSpan.Zero)
        {
            cleaning[ns] = true;
            FinalizeNamespace(ns);
            return;
        }

        _ = Task.Delay(namespaceCleanupDelay, service.Time, stopping).ContinueWith(
            _ =>
            {
                cleaning[ns] = true;
                lock (service.Store.Sync)
                {
                    FinalizeNamespace(ns);
                }
            },
            stopping,
            TaskContinuationOptions.OnlyOnRanToCompletion,
            TaskScheduler.Default);
    }

    private void RecheckTerminatingNamespace(string ns)
    {
        if (ns.Length > 0 && cleaning.ContainsKey(ns) && service.Store.Get(NamespaceType.EffectiveStorageKey, "", ns) is { } namespaceObj && namespaceObj.IsTerminating())
        {
            FinalizeNamespace(ns);
        }
    }

    /// <summary>The namespace controller: delete everything in the namespace, then clear its spec finalizer.</summary>
    private void FinalizeNamespace(string ns)
    {
        var remaining = 0;
        foreach (var type in service.Registry.All.Where(t => t.Namespaced).DistinctBy(t => t.EffectiveStorageKey))
        {
            foreach (var obj in service.Store.List(type.EffectiveStorageKey, ns).Items)
            {
                remaining++;
                if (!obj.IsTerminating())
                {
                    Try(type, obj, () => service.Delete(type, ns, obj.Name(), new DeleteOptions("Background", GracePeriodSeconds: 0)));
                }
            }
        }

        if (remaining == 0 && service.Store.Get(NamespaceType.EffectiveStorageKey, "", ns) is { } namespaceObj
            && namespaceObj.At("spec", "finalizers") is JsonArray { Count: > 0 })
        {
            Try(NamespaceType, namespaceObj, () => service.FinalizeNamespace(NamespaceType, ns, null));
            cleaning.TryRemove(ns, out _);
        }
    }

    private void RecheckTerminatingCrd(string storageKey)
    {
        var crdType = CrdType;
        foreach (var crd in service.Store.List(crdType.EffectiveStorageKey, null).Items)
        {
            if (crd.IsTerminating() && $"{crd.Str("spec", "group")}/{crd.Str("spec", "names", "plural")}" == storageKey)
            {
                CleanupCrd(crd);
            }
        }
    }

    /// <summary>The CRD finalizer: delete every instance, then release the CRD (which stops serving it).</summary>
    private void CleanupCrd(JsonObject crd)
    {
        var storageKey = $"{crd.Str("spec", "group")}/{crd.Str("spec", "names", "plural")}";
        var items = service.Store.List(storageKey, null).Items;
        if (Type(storageKey) is { } type)
        {
            foreach (var obj in items.Where(o => !o.IsTerminating()))
            {
                Try(type, obj, () => service.Delete(type, obj.Ns(), obj.Name(), new DeleteOptions("Background")));
            }
        }

        if (service.Store.List(storageKey, null).Items.Count == 0)
        {
            Try(CrdType, crd, () => service.RemoveFinalizer(CrdType, "", crd.Name(), ResourceService.CrdCleanupFinalizer));
        }
    }

    private void EnsureDefaultServiceAccount(string ns)
    {
        var type = service.Registry.Get("", "v1", "serviceaccounts");
        if (service.Store.Get(type.EffectiveStorageKey, ns, "default") is not null)
        {
            return;
        }

        var sa = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "default", ["namespace"] = ns } };
        Try(type, sa, () => service.Create(type, ns, sa, WriteOptions.Internal));
    }

    private static void RemoveOwnerRefs(JsonObject obj, IReadOnlyCollection<string> uids)
    {
        if (obj.At("metadata", "ownerReferences") is not JsonArray refs)
        {
            return;
        }

        var kept = refs.OfType<JsonObject>().Where(r => !uids.Contains(r.Str("uid") ?? "")).Select(r => (JsonNode?)r.DeepClone()).ToArray();
        if (kept.Length == 0)
        {
            obj.Meta().Remove("ownerReferences");
        }
        else
        {
            obj.Meta()["ownerReferences"] = new JsonArray(kept);
        }
    }

    private ResourceType NamespaceType => service.Registry.Get("", "v1", "namespaces");

    private ResourceType CrdType => service.Registry.Get("apiextensions.k8s.io", "v1", "customresourcedefinitions");

    private ResourceType? Type(string storageKey) => service.Registry.FindByStorageKey(storageKey);

    /// <summary>Controller writes race with clients (404 when already gone, 409, 403 in terminating namespaces); the next event retries.</summary>
    private void Try(ResourceType type, JsonObject obj, Action action)
    {
        try
        {
            action();
        }
        catch (ApiException e)
        {
            var ns = obj.Ns();
            var name = obj.Name();
            Log.StepRefused(logger, type.Kind, ns, name, e.Message);
        }
    }
}
