using System.Globalization;
using System.Text.Json.Nodes;
using StudyOperator.Sandbox.CustomResources;
using StudyOperator.Sandbox.FieldManagement;
using StudyOperator.Sandbox.Patching;
using StudyOperator.Sandbox.Registry;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Api;

/// <summary>
/// The generic registry store (apiserver registry/generic/registry/store.go): create, update, patch, delete with
/// server-set metadata, optimistic concurrency, finalizers and graceful deletion, applying each kind's strategy.
/// HTTP handlers and in-process controllers both write through it.
/// </summary>
internal sealed class ResourceService(ObjectStore store, ResourceRegistry registry, TimeProvider time)
{
    private const string GenerateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public ObjectStore Store => store;

    public ResourceRegistry Registry => registry;

    public TimeProvider Time => time;

    /// <summary>Container logs, written by whoever runs the pods (the kubelet simulation).</summary>
    public PodLogs PodLogs { get; } = new();

    /// <summary>Ground truth of pod readiness and deletion times.</summary>
    public Diagnostics.PodTimeline PodTimeline { get; } = new();

    public string Now() => time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public JsonObject Get(ResourceType type, string ns, string name) =>
        Serve(type, store.Get(type.EffectiveStorageKey, ns, name) ?? throw StatusBodies.NotFound(type, name));

    /// <summary>The stored object converted to the served version (kind, apiVersion, defaults on read).</summary>
    public JsonObject Serve(ResourceType type, JsonObject stored)
    {
        var served = type.Strategy.FromStorage(stored);
        if (ReferenceEquals(served, stored) && (type.IsCustom || stored.Str("apiVersion") != type.GroupVersion || stored.Str("kind") != type.Kind))
        {
            served = stored.CloneObject();
        }

        if (!ReferenceEquals(served, stored))
        {
            served["apiVersion"] = type.GroupVersion;
            served["kind"] = type.Kind;
            if (type.IsCustom)
            {
                type.Strategy.Default(served);
            }
        }

        return served;
    }

    public WriteResult Create(ResourceType type, string ns, JsonObject body, WriteOptions options)
    {
        options = options.ApplyConfig is null ? options with { DecodesBody = true } : options;
        var errors = type.Strategy.ValidateCreate(body);
        var obj = type.Strategy.ToStorage(body.CloneObject());
        obj["apiVersion"] = type.Strategy is Strategies.EventsV1Strategy ? "v1" : type.GroupVersion;
        obj["kind"] = type.Kind;
        var meta = obj.Meta();
        if (type.Namespaced)
        {
            var bodyNs = meta.Str("namespace") ?? "";
            if (bodyNs.Length > 0 && ns.Length > 0 && bodyNs != ns)
            {
                throw StatusBodies.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            ns = ns.Length > 0 ? ns : bodyNs;
            meta["namespace"] = ns;
        }
        else
        {
            meta.Remove("namespace");
        }

        foreach (var key in new[] { "deletionTimestamp", "deletionGracePeriodSeconds", "resourceVersion", "selfLink", "generation" })
        {
            meta.Remove(key);
        }

        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = Now();
        if (type.Strategy.TracksGeneration)
        {
            meta["generation"] = 1;
        }

        var warnings = new List<string>();
        lock (store.Sync)
        {
            var name = meta.Str("name") ?? "";
            if (name.Length == 0)
            {
                var prefix = meta.Str("generateName") ?? "";
                if (prefix.Length == 0)
                {
                    throw StatusBodies.Invalid(type, "", [FieldError.Required("metadata.name", "name or generateName is required")]);
                }

                do
                {
                    name = GenerateName(prefix);
                }
                while (store.Get(type.EffectiveStorageKey, ns, name) is not null);
                meta["name"] = name;
            }

            if (type.Namespaced)
            {
                CheckNamespace(type, ns, name);
            }

            type.Strategy.PrepareForCreate(obj, type.HasStatus);
            type.Strategy.Default(obj);
            if (type.Kind == "Service" && !options.DryRun)
            {
                AllocateClusterIp(type, obj, name);
            }

            PruneUnknown(type, obj, options, warnings);
            errors.AddRange(type.Strategy.Validate(obj, null));
            if (errors.Count > 0)
            {
                throw StatusBodies.Invalid(type, name, errors);
            }

            if (store.Get(type.EffectiveStorageKey, ns, name) is not null)
            {
                throw StatusBodies.AlreadyExists(type, name);
            }

            if (options.Manager is { } manager)
            {
                var scope = Scope(type, "");
                if (options.ApplyConfig is { } config)
                {
                    ManagedFields.RecordApply(obj, ManagedFields.PrepareApply([], config, scope, manager, options.Force), scope, Now());
                }
                else
                {
                    ManagedFields.RecordUpdate(obj, null, scope, manager, Now());
                }
            }

            if (options.DryRun)
            {
                return new WriteResult(Serve(type, obj), true, warnings);
            }

            var stored = store.Put(type.EffectiveStorageKey, obj);
            if (type.Kind == "CustomResourceDefinition")
            {
                stored = EstablishCrd(stored);
            }

            return new WriteResult(Serve(type, stored), true, warnings);
        }
    }

    /// <summary>PUT of the main resource or of <c>/status</c>.</summary>
    public WriteResult Update(ResourceType type, string ns, string name, JsonObject body, string subresource, WriteOptions options)
    {
        var bodyName = body.Name();
        if (bodyName.Length > 0 && bodyName != name)
        {
            throw StatusBodies.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        var bodyNs = body.Ns();
        if (type.Namespaced && bodyNs.Length > 0 && bodyNs != ns)
        {
            throw StatusBodies.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        lock (store.Sync)
        {
            var current = store.Get(type.EffectiveStorageKey, ns, name) ?? throw StatusBodies.NotFound(type, name);
            var rv = body.Str("metadata", "resourceVersion") ?? "";
            if (rv.Length == 0 && !type.Strategy.AllowUnconditionalUpdate)
            {
                throw StatusBodies.Invalid(type, name, [FieldError.Invalid("metadata.resourceVersion", "0x0", "must be specified for an update")]);
            }

            if (rv.Length > 0 && rv != current.Str("metadata", "resourceVersion"))
            {
                throw StatusBodies.Modified(type, name);
            }

            return UpdateLocked(type, current, type.Strategy.ToStorage(body.CloneObject()), subresource, options with { DecodesBody = true });
        }
    }

    /// <summary>PATCH: applies the patch to the current object and stores the result as an update (or creates on apply).</summary>
    public WriteResult Patch(ResourceType type, string ns, string name, string patchType, JsonNode? patch, string subresource, WriteOptions options)
    {
        if (patchType == "apply" && string.IsNullOrEmpty(options.FieldManager))
        {
            throw StatusBodies.Invalid("PatchOptions", "meta.k8s.io", "", [FieldError.Required("fieldManager", "is required for apply patch")]);
        }

        if (patchType == "strategic" && type.IsCustom)
        {
            throw new ApiException(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
        }

        lock (store.Sync)
        {
            var stored = store.Get(type.EffectiveStorageKey, ns, name);
            if (stored is null)
            {
                if (patchType == "apply" && subresource.Length == 0 && patch is JsonObject applied)
                {
                    var body = applied.CloneObject();
                    body.Meta()["name"] = name;
                    return Create(type, ns, body, options with { ApplyConfig = applied });
                }

                throw StatusBodies.NotFound(type, name);
            }

            var current = Serve(type, stored);
            List<ManagedFieldsEntry>? applyEntries = null;
            if (patchType == "apply" && patch is JsonObject config)
            {
                current = current.CloneObject();
                applyEntries = ManagedFields.PrepareApply(current, config, Scope(type, subresource), options.FieldManager!, options.Force);
            }

            var patched = patchType switch
            {
                "json" => JsonPatch.Apply(current, patch),
                "merge" => MergePatch.Apply(current, patch),
                "strategic" => StrategicMergePatch.Apply(current, patch),
                "apply" => type.IsCustom ? MergePatch.Apply(current, patch) : StrategicMergePatch.Apply(current, patch),
                _ => throw new ApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"),
            } as JsonObject ?? throw StatusBodies.BadRequest("the patch did not produce an object");

            if (patched.Name() != name)
            {
                throw StatusBodies.BadRequest($"the name of the object ({patched.Name()}) does not match the name on the URL ({name})");
            }

            var rv = patched.Str("metadata", "resourceVersion");
            if (rv is not null && rv != stored.Str("metadata", "resourceVersion"))
            {
                throw StatusBodies.Modified(type, name);
            }

            return UpdateLocked(type, stored, type.Strategy.ToStorage(patched), subresource, options, applyEntries);
        }
    }

    private static FieldScope Scope(ResourceType type, string subresource) => new(type.GroupVersion, subresource, !type.IsCustom, type.HasStatus);

    private WriteResult UpdateLocked(ResourceType type, JsonObject current, JsonObject obj, string subresource, WriteOptions options, List<ManagedFieldsEntry>? applyEntries = null)
    {
        var name = current.Name();
        var warnings = new List<string>();
        obj["apiVersion"] = current["apiVersion"]?.DeepClone();
        obj["kind"] = type.Kind;
        var meta = obj.Meta();
        var oldMeta = current.Meta();
        foreach (var key in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace", "name", "managedFields" })
        {
            meta.Remove(key);
            if (oldMeta[key] is { } value)
            {
                meta[key] = value.DeepClone();
            }
        }

        meta.Remove("selfLink");
        meta["resourceVersion"] = oldMeta.Str("resourceVersion");
        List<FieldError> errors;
        if (subresource == "status")
        {
            obj = type.Strategy.PrepareForStatusUpdate(obj, current);
            errors = type.Strategy.ValidateStatus(obj, current);
        }
        else
        {
            type.Strategy.PrepareForUpdate(obj, current, type.HasStatus);
            type.Strategy.Default(obj);
            PruneUnknown(type, obj, options, warnings);
            errors = type.Strategy.Validate(obj, current);
            if (current.IsTerminating())
            {
                var added = obj.Finalizers().Except(current.Finalizers()).ToList();
                if (added.Count > 0)
                {
                    errors.Add(FieldError.Forbidden("metadata.finalizers",
                        "no new finalizers can be added if the object is being deleted, found new finalizers []string{" + string.Join(", ", added.Select(f => $"\"{f}\"")) + "}"));
                }
            }

            if (type.Strategy.TracksGeneration && type.Strategy.GenerationChanged(obj, current))
            {
                obj.Meta()["generation"] = (oldMeta["generation"].Long() ?? 0) + 1;
            }
        }

        if (errors.Count > 0)
        {
            throw StatusBodies.Invalid(type, name, errors);
        }

        if (JsonNode.DeepEquals(obj, current))
        {
            return new WriteResult(Serve(type, current), false, warnings);
        }

        if (applyEntries is not null)
        {
            ManagedFields.RecordApply(obj, applyEntries, Scope(type, subresource), Now());
        }
        else if (options.Manager is { } manager)
        {
            var scope = options.RecordAs is var (asSubresource, asVersion) ? Scope(type, subresource) with { Subresource = asSubresource, ApiVersion = asVersion } : Scope(type, subresource);
            ManagedFields.RecordUpdate(obj, current, scope, manager, Now());
        }

        if (options.DryRun)
        {
            return new WriteResult(Serve(type, obj), false, warnings);
        }

        if (obj.IsTerminating() && !obj.Finalizers().Any() && !HasSystemFinalizers(obj) && (obj.At("metadata", "deletionGracePeriodSeconds").Long() ?? 0) == 0)
        {
            var last = store.Remove(type.EffectiveStorageKey, obj.Ns(), name)!;
            AfterRemove(type, last);
            return new WriteResult(Serve(type, last), false, warnings);
        }

        var stored = store.Put(type.EffectiveStorageKey, obj);
        if (type.Kind == "CustomResourceDefinition" && subresource.Length == 0)
        {
            stored = EstablishCrd(stored);
        }

        return new WriteResult(Serve(type, stored), false, warnings);
    }

    public DeleteResult Delete(ResourceType type, string ns, string name, DeleteOptions options)
    {
        lock (store.Sync)
        {
            var current = store.Get(type.EffectiveStorageKey, ns, name) ?? throw StatusBodies.NotFound(type, name);
            if (type.Kind == "Namespace" && name is "default" or "kube-system" or "kube-public")
            {
                throw StatusBodies.Forbidden(type, name, "this namespace may not be deleted");
            }

            var uid = current.Uid();
            if (options.PreconditionUid is { } pu && pu != uid)
            {
                throw StatusBodies.Conflict(type, name, $"Precondition failed: UID in precondition: {pu}, UID in object meta: {uid}");
            }

            if (options.PreconditionResourceVersion is { } prv && prv != current.Str("metadata", "resourceVersion"))
            {
                throw StatusBodies.Conflict(type, name, $"Precondition failed: ResourceVersion in precondition: {prv}, ResourceVersion in object meta: {current.Str("metadata", "resourceVersion")}");
            }

            var grace = type.Strategy.GracePeriodSeconds(current, options.GracePeriodSeconds) ?? 0;
            var pendingGrace = current.At("metadata", "deletionGracePeriodSeconds").Long() ?? 0;
            if (current.IsTerminating())
            {
                // rest/delete.go BeforeDelete: a repeated delete may only shorten the pending grace period. The kubelet's
                // final grace-0 delete of a pod that still carries a finalizer must stick, or removing the finalizer
                // later leaves the pod (and every foreground owner waiting for it) behind for good.
                grace = Math.Min(grace, pendingGrace);
            }

            var obj = current.CloneObject();
            var meta = obj.Meta();
            var finalizers = obj.Finalizers().ToList();
            var policyFinalizer = options.PropagationPolicy switch
            {
                "Orphan" => "orphan",
                "Foreground" => "foregroundDeletion",
                _ => null,
            };
            if (policyFinalizer is not null && !finalizers.Contains(policyFinalizer) && !current.IsTerminating())
            {
                finalizers.Add(policyFinalizer);
            }

            if (type.Kind == "CustomResourceDefinition" && !finalizers.Contains(CrdCleanupFinalizer))
            {
                finalizers.Add(CrdCleanupFinalizer);
            }

            var pending = finalizers.Count > 0 || HasSystemFinalizers(obj);
            if (!pending && grace == 0)
            {
                if (options.DryRun)
                {
                    return new DeleteResult(Serve(type, current), false);
                }

                var last = store.Remove(type.EffectiveStorageKey, ns, name)!;
                AfterRemove(type, last);
                return type.Strategy.ReturnDeletedObject
                    ? new DeleteResult(Serve(type, last), true)
                    : new DeleteResult(StatusBodies.Success(name, type.Group, type.Plural, uid), true);
            }

            if (current.IsTerminating() && grace == pendingGrace && finalizers.SequenceEqual(current.Finalizers()))
            {
                return new DeleteResult(Serve(type, current), false);
            }

            meta["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)f).ToArray());
            if (finalizers.Count == 0)
            {
                meta.Remove("finalizers");
            }

            if (!current.IsTerminating() && meta["generation"].Long() is { } generation and > 0)
            {
                meta["generation"] = generation + 1;
            }

            // A shortened grace period counts from the original request, as in BeforeDelete.
            var requestedAt = current.IsTerminating() && current.Str("metadata", "deletionTimestamp") is { } pendingAt
                ? DateTimeOffset.Parse(pendingAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).AddSeconds(-pendingGrace)
                : time.GetUtcNow();
            meta["deletionTimestamp"] = requestedAt.AddSeconds(grace).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            meta["deletionGracePeriodSeconds"] = grace;
            if (type.Kind == "Namespace")
            {
                obj["status"] = new JsonObject { ["phase"] = "Terminating" };
            }

            if (options.DryRun)
            {
                return new DeleteResult(Serve(type, obj), false);
            }

            var stored = store.Put(type.EffectiveStorageKey, obj);
            return new DeleteResult(Serve(type, stored), false);
        }
    }

    /// <summary>Removes one finalizer (controllers), deleting the object when it was the last.</summary>
    public void RemoveFinalizer(ResourceType type, string ns, string name, string finalizer)
    {
        lock (store.Sync)
        {
            if (store.Get(type.EffectiveStorageKey, ns, name) is not { } current || !current.Finalizers().Contains(finalizer))
            {
                return;
            }

            var obj = current.CloneObject();
            var remaining = current.Finalizers().Where(f => f != finalizer).Select(f => (JsonNode?)f).ToArray();
            obj.Meta()["finalizers"] = new JsonArray(remaining);
            if (remaining.Length == 0)
            {
                obj.Meta().Remove("finalizers");
            }

            UpdateLocked(type, current, obj, "", WriteOptions.Internal);
        }
    }

    /// <summary>Writes through an arbitrary change of the stored object (controllers), as an update.</summary>
    public void Mutate(ResourceType type, string ns, string name, Action<JsonObject> change, string subresource = "")
    {
        lock (store.Sync)
        {
            if (store.Get(type.EffectiveStorageKey, ns, name) is not { } current)
            {
                return;
            }

            var obj = current.CloneObject();
            change(obj);
            UpdateLocked(type, current, obj, subresource, WriteOptions.Internal);
        }
    }

    /// <summary>Namespace <c>/finalize</c>: clears spec.finalizers; the namespace goes once nothing else holds it.</summary>
    public JsonObject FinalizeNamespace(ResourceType type, string name, JsonObject? body)
    {
        lock (store.Sync)
        {
            var current = store.Get(type.EffectiveStorageKey, "", name) ?? throw StatusBodies.NotFound(type, name);
            var obj = current.CloneObject();
            obj["spec"] = new JsonObject { ["finalizers"] = body?.At("spec", "finalizers")?.DeepClone() ?? new JsonArray() };
            if (obj.IsTerminating() && !obj.Finalizers().Any() && !HasSystemFinalizers(obj))
            {
                var last = store.Remove(type.EffectiveStorageKey, "", name)!;
                return Serve(type, last);
            }

            return Serve(type, store.Put(type.EffectiveStorageKey, obj));
        }
    }

    /// <summary>
    /// The service registry's IP allocation (storage.go): ClusterIP and NodePort-less types get the next free address
    /// of the sandbox's loopback service range 127.2.0.0/16; "None" stays headless; ExternalName gets none.
    /// </summary>
    private void AllocateClusterIp(ResourceType type, JsonObject obj, string name)
    {
        if (obj["spec"] is not JsonObject spec || spec.Str("type") == "ExternalName")
        {
            return;
        }

        var used = store.List(type.EffectiveStorageKey, null).Items.Select(s => s.Str("spec", "clusterIP")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var requested = spec.Str("clusterIP") ?? "";
        if (requested == "None")
        {
            spec["clusterIPs"] = new JsonArray("None");
            return;
        }

        if (requested.Length > 0)
        {
            if (used.Contains(requested))
            {
                throw StatusBodies.Invalid(type, name, [FieldError.Invalid("spec.clusterIPs", $"[]string{{\"{requested}\"}}", $"failed to allocate IP {requested}: provided IP is already allocated")]);
            }

            spec["clusterIPs"] = new JsonArray(requested);
            return;
        }

        // Random like the apiserver's bitmap allocator, which also keeps sandboxes on one machine from handing out
        // the same address (each Service port is a listener on its ClusterIP).
        var start = Random.Shared.Next(65534);
        for (var step = 0; step < 65534; step++)
        {
            var i = 1 + ((start + step) % 65534);
            var candidate = $"127.2.{i / 256}.{i % 256}";
            if (i % 256 is 0 or 255 || used.Contains(candidate))
            {
                continue;
            }

            spec["clusterIP"] = candidate;
            spec["clusterIPs"] = new JsonArray(candidate);
            return;
        }

        throw new ApiException(500, "InternalError", "Internal error occurred: failed to allocate a serviceIP: range is full");
    }

    private void CheckNamespace(ResourceType type, string ns, string name)
    {
        var nsType = registry.Get("", "v1", "namespaces");
        var namespaceObj = store.Get(nsType.EffectiveStorageKey, "", ns) ?? throw StatusBodies.NotFound("", "namespaces", ns);
        if (namespaceObj.IsTerminating())
        {
            throw StatusBodies.Forbidden(type, name, $"unable to create new content in namespace {ns} because it is being terminated");
        }
    }

    private static bool HasSystemFinalizers(JsonObject obj) =>
        obj.Str("kind") == "Namespace" && obj.At("spec", "finalizers") is JsonArray { Count: > 0 };

    /// <summary>Drops fields the kind does not have (CR structural schema, or the built-in model) and reports them per fieldValidation.</summary>
    private static void PruneUnknown(ResourceType type, JsonObject obj, WriteOptions options, List<string> warnings)
    {
        IReadOnlyList<string> unknown;
        if (type.Strategy is CustomResourceStrategy { Schema: { } schema })
        {
            unknown = schema.Prune(obj);
        }
        else if (BuiltInSchemas.BuiltInModels.For(GroupOf(obj.Str("apiVersion")), type.Kind) is { } model)
        {
            unknown = BuiltInSchemas.ModelFieldPruner.Prune(obj, model);
        }
        else
        {
            return;
        }

        if (unknown.Count == 0)
        {
            return;
        }

        switch (options.FieldValidation)
        {
            case "Strict":
                var prefix = options.DecodesBody ? $"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: " : "";
                throw StatusBodies.BadRequest(prefix + "strict decoding error: " + string.Join(", ", unknown.Select(u => $"unknown field \"{u}\"")));
            case "Warn":
                warnings.AddRange(unknown.Select(u => $"unknown field \"{u}\""));
                break;
        }
    }

    private static string GroupOf(string? apiVersion) =>
        apiVersion is null || !apiVersion.Contains('/', StringComparison.Ordinal) ? "" : apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)];

    private static string GenerateName(string prefix)
    {
        if (prefix.Length > 58)
        {
            prefix = prefix[..58];
        }

        Span<char> suffix = stackalloc char[5];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = GenerateNameAlphabet[Random.Shared.Next(GenerateNameAlphabet.Length)];
        }

        return prefix + new string(suffix);
    }

    public const string CrdCleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io";

    /// <summary>Serves the CRD's versions and records NamesAccepted/Established (the establishing controller's work).</summary>
    private JsonObject EstablishCrd(JsonObject crd)
    {
        if (crd.IsTerminating())
        {
            return crd;
        }

        registry.SetCustom(crd.Name(), CustomResourceTypes.From(crd));
        var names = crd.At("spec", "names")?.DeepClone();
        var now = Now();
        var status = new JsonObject
        {
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", now, crd["status"]),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now, crd["status"])),
            ["acceptedNames"] = names,
            ["storedVersions"] = new JsonArray((crd.At("spec", "versions") as JsonArray ?? [])
                .Where(v => v.At("storage") is JsonValue s && s.TryGetValue<bool>(out var sb) && sb)
                .Select(v => (JsonNode?)v.At("name")?.GetValue<string>())
                .Concat(crd.At("status", "storedVersions") is JsonArray old ? old.Select(o => (JsonNode?)o?.GetValue<string>()) : [])
                .DistinctBy(n => n?.GetValue<string>())
                .ToArray()),
        };
        if (JsonNode.DeepEquals(StripTimes(status), StripTimes(crd["status"])))
        {
            return crd;
        }

        var updated = crd.CloneObject();
        updated["status"] = status;
        return store.Put(registry.Get("apiextensions.k8s.io", "v1", "customresourcedefinitions").EffectiveStorageKey, updated);
    }

    private static JsonNode? StripTimes(JsonNode? status)
    {
        var copy = status?.DeepClone();
        if (copy?.At("conditions") is JsonArray conditions)
        {
            foreach (var c in conditions.OfType<JsonObject>())
            {
                c.Remove("lastTransitionTime");
            }
        }

        return copy;
    }

    private static JsonObject Condition(string type, string reason, string message, string now, JsonNode? oldStatus)
    {
        var previous = (oldStatus?.At("conditions") as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c.Str("type") == type && c.Str("status") == "True");
        return new JsonObject
        {
            ["type"] = type,
            ["status"] = "True",
            ["lastTransitionTime"] = previous?.Str("lastTransitionTime") ?? now,
            ["reason"] = reason,
            ["message"] = message,
        };
    }

    private void AfterRemove(ResourceType type, JsonObject last)
    {
        if (type.Kind == "CustomResourceDefinition")
        {
            registry.RemoveCustom(last.Name());
        }
    }
}
