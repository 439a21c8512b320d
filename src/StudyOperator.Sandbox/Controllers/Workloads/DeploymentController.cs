using System.Globalization;
using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Controllers.Workloads;

/// <summary>
/// pkg/controller/deployment: owns one ReplicaSet per pod template (<c>&lt;name&gt;-&lt;pod-template-hash&gt;</c>), rolls
/// out by RollingUpdate (maxSurge, maxUnavailable) or Recreate, tracks revisions (rollback re-adopts the ReplicaSet
/// with the identical template), scales proportionally, keeps revisionHistoryLimit old ReplicaSets and writes the
/// status and the Available and Progressing conditions. One deliberate strengthening: rollout arithmetic counts the
/// pods that actually exist and are available (read from the store at that moment) where Kubernetes uses the
/// ReplicaSets' possibly stale status, so the surge and availability bounds hold at every instant.
/// </summary>
internal sealed class DeploymentController(ResourceService service, WorkloadTypes types, WorkQueue queue, EventRecorder recorder)
{
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    public const string RevisionHistoryAnnotation = "deployment.kubernetes.io/revision-history";
    public const string DesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";
    public const string HashLabel = "pod-template-hash";
    private const int MaxRevisionHistoryLength = 2000;
    private const string Component = "deployment-controller";

    private static readonly HashSet<string> NotCopiedAnnotations = new(StringComparer.Ordinal)
    {
        "kubectl.kubernetes.io/last-applied-configuration", RevisionAnnotation, RevisionHistoryAnnotation,
        DesiredReplicasAnnotation, MaxReplicasAnnotation, "deprecated.deployment.rollback.to",
    };

    private readonly ReplicaSetController pods = new(service, types, queue, recorder);
    private readonly ControllerRefManager refs = new(service);

    public void Sync(string ns, string name)
    {
        if (Get(ns, name) is not { } d)
        {
            return;
        }

        var rsList = OwnedReplicaSets(d);
        if (d.IsTerminating())
        {
            var (newRs, oldRss) = AllReplicaSetsAndSyncRevision(d, rsList, create: false);
            SyncDeploymentStatus(ns, name, newRs?.Name());
            return;
        }

        CheckPausedConditions(d);
        d = Get(ns, name)!;
        if (Bool(d.At("spec", "paused")) || IsScalingEvent(d, rsList))
        {
            SyncScale(d, rsList);
            return;
        }

        if (d.Str("spec", "strategy", "type") == "Recreate")
        {
            RolloutRecreate(d, rsList);
        }
        else
        {
            RolloutRolling(d, rsList);
        }
    }

    /// <summary>checkPausedConditions: Progressing Unknown DeploymentPaused / DeploymentResumed, unless the deadline was already reported.</summary>
    private void CheckPausedConditions(JsonObject d)
    {
        var deadline = d.At("spec", "progressDeadlineSeconds").Long();
        if (deadline is null || deadline == int.MaxValue)
        {
            return;
        }

        var condition = DeploymentConditions.Get(d["status"] as JsonObject, "Progressing");
        if (condition?.Str("reason") == "ProgressDeadlineExceeded")
        {
            return;
        }

        var pausedReported = condition?.Str("reason") == "DeploymentPaused";
        var paused = Bool(d.At("spec", "paused"));
        if (paused != pausedReported)
        {
            var next = paused
                ? DeploymentConditions.New("Progressing", "Unknown", "DeploymentPaused", "Deployment is paused", service.Now())
                : DeploymentConditions.New("Progressing", "Unknown", "DeploymentResumed", "Deployment is resumed", service.Now());
            UpdateDeploymentStatus(d, (_, status) => DeploymentConditions.Set(status, next));
        }
    }

    private JsonObject? Get(string ns, string name) => service.Store.Get(types.Deployments.EffectiveStorageKey, ns, name);

    /// <summary>getReplicaSetsForDeployment: the ReplicaSets of the namespace it controls after adopting and releasing by selector.</summary>
    private List<JsonObject> OwnedReplicaSets(JsonObject d) =>
        [.. refs.Claim(types.ReplicaSets, d, "apps/v1", "Deployment", service.Store.List(types.ReplicaSets.EffectiveStorageKey, d.Ns()).Items)
            .OrderBy(CreationTime).ThenBy(rs => rs.Name(), StringComparer.Ordinal)];

    /// <summary>The ReplicaSets it controls, without claiming (status reads between writes).</summary>
    private List<JsonObject> ControlledReplicaSets(JsonObject d) =>
        service.Store.DependentsOf(d.Uid() ?? "")
            .Where(x => x.StorageKey == types.ReplicaSets.EffectiveStorageKey && Pods.IsControlledBy(x.Object, d))
            .Select(x => x.Object)
            .OrderBy(CreationTime).ThenBy(rs => rs.Name(), StringComparer.Ordinal)
            .ToList();

    private List<JsonObject> Refresh(IEnumerable<JsonObject> rss) =>
        [.. rss.Select(rs => service.Store.Get(types.ReplicaSets.EffectiveStorageKey, rs.Ns(), rs.Name())).OfType<JsonObject>()];

    private JsonObject? Refresh(JsonObject? rs) => rs is null ? null : service.Store.Get(types.ReplicaSets.EffectiveStorageKey, rs.Ns(), rs.Name());

    // ---- rollouts (rolling.go, recreate.go) ----

    private void RolloutRolling(JsonObject d, List<JsonObject> rsList)
    {
        var (newRs, oldRss) = AllReplicaSetsAndSyncRevision(d, rsList, create: true);
        d = Get(d.Ns(), d.Name())!;
        if (newRs is null)
        {
            // The name was taken and collisionCount went up; that status write brings the next sync.
            return;
        }

        var all = oldRss.Append(newRs).ToList();
        if (ReconcileNewReplicaSet(d, all, newRs) || ReconcileOldReplicaSets(d, all, oldRss, newRs))
        {
            SyncRolloutStatus(d.Ns(), d.Name());
            return;
        }

        if (DeploymentComplete(d, d["status"] as JsonObject))
        {
            CleanupDeployment(d, oldRss);
        }

        SyncRolloutStatus(d.Ns(), d.Name());
    }

    private void RolloutRecreate(JsonObject d, List<JsonObject> rsList)
    {
        var (newRs, oldRss) = AllReplicaSetsAndSyncRevision(d, rsList, create: false);
        var scaledDown = false;
        foreach (var rs in oldRss.Where(rs => SpecReplicas(rs) > 0))
        {
            scaledDown |= ScaleReplicaSet(rs, 0, d);
        }

        if (scaledDown || OldPodsRunning(Refresh(oldRss)))
        {
            SyncRolloutStatus(d.Ns(), d.Name());
            return;
        }

        if (newRs is null)
        {
            (newRs, oldRss) = AllReplicaSetsAndSyncRevision(d, ControlledReplicaSets(d), create: true);
            if (newRs is null)
            {
                return;
            }
        }

        d = Get(d.Ns(), d.Name())!;
        ScaleReplicaSet(newRs, Replicas(d), d);
        if (DeploymentComplete(d, d["status"] as JsonObject))
        {
            CleanupDeployment(d, oldRss);
        }

        SyncRolloutStatus(d.Ns(), d.Name());
    }

    /// <summary>recreate.go oldPodsRunning: any old pod not finished (being deleted still counts), or old ReplicaSets reporting replicas.</summary>
    private bool OldPodsRunning(List<JsonObject> oldRss) =>
        oldRss.Any(rs => (rs.At("status", "replicas").Long() ?? 0) > 0
            || pods.OwnedPods(rs).Any(p => p.Str("status", "phase") is not ("Succeeded" or "Failed")));

    private bool ReconcileNewReplicaSet(JsonObject d, List<JsonObject> all, JsonObject newRs)
    {
        var replicas = Replicas(d);
        var current = SpecReplicas(newRs);
        if (current == replicas)
        {
            return false;
        }

        if (current > replicas)
        {
            return ScaleReplicaSet(newRs, replicas, d);
        }

        return ScaleReplicaSet(newRs, NewReplicaSetReplicas(d, all, newRs), d);
    }

    /// <summary>NewRSNewReplicas: scale up as far as replicas+maxSurge allows (counting pods that still exist).</summary>
    private long NewReplicaSetReplicas(JsonObject d, List<JsonObject> all, JsonObject newRs)
    {
        var replicas = Replicas(d);
        if (d.Str("spec", "strategy", "type") == "Recreate")
        {
            return replicas;
        }

        var current = all.Sum(PodBudget);
        var maxTotal = replicas + MaxSurge(d);
        var newCount = SpecReplicas(newRs);
        if (current >= maxTotal)
        {
            return newCount;
        }

        return newCount + Math.Min(maxTotal - current, replicas - newCount);
    }

    private bool ReconcileOldReplicaSets(JsonObject d, List<JsonObject> all, List<JsonObject> oldRss, JsonObject newRs)
    {
        if (oldRss.Sum(SpecReplicas) == 0)
        {
            return false;
        }

        var minAvailable = Replicas(d) - MaxUnavailable(d);
        var newUnavailable = SpecReplicas(newRs) - AvailablePods(newRs);
        var maxScaledDown = all.Sum(PodBudget) - minAvailable - newUnavailable;
        if (maxScaledDown <= 0)
        {
            return false;
        }

        // cleanupUnhealthyReplicas: old ReplicaSets' unavailable pods go first, oldest ReplicaSet first.
        var cleaned = 0L;
        foreach (var rs in oldRss.OrderBy(CreationTime))
        {
            if (cleaned >= maxScaledDown)
            {
                break;
            }

            var spec = SpecReplicas(rs);
            var available = AvailablePods(rs);
            if (spec == 0 || available >= spec)
            {
                continue;
            }

            var down = Math.Min(maxScaledDown - cleaned, spec - available);
            ScaleReplicaSet(rs, spec - down, d);
            cleaned += down;
        }

        // scaleDownOldReplicaSetsForRollingUpdate: then available old pods, as far as minAvailable allows.
        oldRss = Refresh(oldRss);
        var availableNow = oldRss.Sum(AvailablePods) + AvailablePods(newRs);
        var scaledDown = 0L;
        if (availableNow > minAvailable)
        {
            var total = availableNow - minAvailable;
            foreach (var rs in oldRss.OrderBy(CreationTime))
            {
                if (scaledDown >= total)
                {
                    break;
                }

                var spec = SpecReplicas(rs);
                if (spec == 0)
                {
                    continue;
                }

                var down = Math.Min(spec, total - scaledDown);
                ScaleReplicaSet(rs, spec - down, d);
                scaledDown += down;
            }
        }

        return cleaned + scaledDown > 0;
    }

    // ---- scaling (sync.go) ----

    private bool IsScalingEvent(JsonObject d, List<JsonObject> rsList)
    {
        var (newRs, oldRss) = AllReplicaSetsAndSyncRevision(d, rsList, create: false);
        return oldRss.Append(newRs).OfType<JsonObject>().Where(rs => SpecReplicas(rs) > 0)
            .Any(rs => Annotation(rs, DesiredReplicasAnnotation) is { } desired && desired != Replicas(d).ToString(CultureInfo.InvariantCulture));
    }

    private void SyncScale(JsonObject d, List<JsonObject> rsList)
    {
        var (newRs, oldRss) = AllReplicaSetsAndSyncRevision(d, rsList, create: false);
        d = Get(d.Ns(), d.Name())!;
        Scale(d, newRs, oldRss);
        if (Bool(d.At("spec", "paused")))
        {
            CleanupDeployment(d, Refresh(oldRss));
        }

        SyncDeploymentStatus(d.Ns(), d.Name(), newRs?.Name());
    }

    /// <summary>sync.go scale: one active ReplicaSet takes all replicas; otherwise proportional scaling by max-replicas.</summary>
    private void Scale(JsonObject d, JsonObject? newRs, List<JsonObject> oldRss)
    {
        var replicas = Replicas(d);
        var activeOrLatest = ActiveOrLatest(newRs, oldRss);
        if (activeOrLatest is not null)
        {
            if (SpecReplicas(activeOrLatest) != replicas)
            {
                ScaleReplicaSet(activeOrLatest, replicas, d);
            }

            return;
        }

        if (newRs is not null && SpecReplicas(newRs) == replicas && Annotation(newRs, DesiredReplicasAnnotation) == replicas.ToString(CultureInfo.InvariantCulture)
            && (newRs.At("status", "availableReplicas").Long() ?? 0) == replicas)
        {
            foreach (var rs in oldRss.Where(rs => SpecReplicas(rs) > 0))
            {
                ScaleReplicaSet(rs, 0, d);
            }

            return;
        }

        if (d.Str("spec", "strategy", "type") == "Recreate")
        {
            return;
        }

        var all = oldRss.Append(newRs).OfType<JsonObject>().Where(rs => SpecReplicas(rs) > 0).ToList();
        var allowed = replicas > 0 ? replicas + MaxSurge(d) : 0;
        var toAdd = allowed - all.Sum(SpecReplicas);
        all = toAdd > 0
            ? [.. all.OrderByDescending(SpecReplicas).ThenByDescending(CreationTime)]
            : [.. all.OrderByDescending(SpecReplicas).ThenBy(CreationTime)];
        var added = 0L;
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var rs in all)
        {
            var proportion = toAdd == 0 ? 0 : Proportion(rs, d, toAdd, added);
            sizes[rs.Name()] = SpecReplicas(rs) + proportion;
            added += proportion;
        }

        for (var i = 0; i < all.Count; i++)
        {
            if (i == 0 && toAdd != 0)
            {
                sizes[all[i].Name()] = Math.Max(0, sizes[all[i].Name()] + toAdd - added);
            }

            ScaleReplicaSet(all[i], sizes[all[i].Name()], d);
        }
    }

    private static JsonObject? ActiveOrLatest(JsonObject? newRs, List<JsonObject> oldRss)
    {
        if (newRs is null && oldRss.Count == 0)
        {
            return null;
        }

        var newestFirst = oldRss.OrderByDescending(CreationTime).ToList();
        var active = newestFirst.Append(newRs).OfType<JsonObject>().Where(rs => SpecReplicas(rs) > 0).ToList();
        return active.Count switch
        {
            0 => newRs ?? newestFirst[0],
            1 => active[0],
            _ => null,
        };
    }

    /// <summary>GetProportion with getReplicaSetFraction.</summary>
    private static long Proportion(JsonObject rs, JsonObject d, long toAdd, long added)
    {
        if (SpecReplicas(rs) == 0 || toAdd == added)
        {
            return 0;
        }

        long fraction;
        if (Replicas(d) == 0)
        {
            fraction = -SpecReplicas(rs);
        }
        else
        {
            var maxReplicas = Replicas(d) + MaxSurge(d);
            var before = long.TryParse(Annotation(rs, MaxReplicasAnnotation), NumberStyles.Integer, CultureInfo.InvariantCulture, out var m) && m > 0
                ? m
                : d.At("status", "replicas").Long() ?? 0;
            fraction = before == 0 ? 0 : (long)Math.Round((double)(SpecReplicas(rs) * maxReplicas) / before, MidpointRounding.AwayFromZero) - SpecReplicas(rs);
        }

        var allowed = toAdd - added;
        return toAdd > 0 ? Math.Min(fraction, allowed) : Math.Max(fraction, allowed);
    }

    /// <summary>scaleReplicaSet: writes spec.replicas and the desired/max-replicas annotations when either differs.</summary>
    private bool ScaleReplicaSet(JsonObject rs, long replicas, JsonObject d)
    {
        var desired = Replicas(d).ToString(CultureInfo.InvariantCulture);
        var max = (Replicas(d) + MaxSurge(d)).ToString(CultureInfo.InvariantCulture);
        var from = SpecReplicas(rs);
        var sizeChanged = from != replicas;
        if (!sizeChanged && Annotation(rs, DesiredReplicasAnnotation) == desired && Annotation(rs, MaxReplicasAnnotation) == max)
        {
            return false;
        }

        service.Mutate(types.ReplicaSets, rs.Ns(), rs.Name(), o =>
        {
            ((JsonObject)o["spec"]!)["replicas"] = replicas;
            var annotations = Annotations(o);
            annotations[DesiredReplicasAnnotation] = desired;
            annotations[MaxReplicasAnnotation] = max;
        });
        if (sizeChanged)
        {
            recorder.Normal(d, "apps/v1", "Deployment", Component, "ScalingReplicaSet", $"Scaled {(replicas > from ? "up" : "down")} replica set {rs.Name()} from {from} to {replicas}");
        }

        return sizeChanged;
    }

    // ---- new ReplicaSet and revisions (sync.go getNewReplicaSet) ----

    private (JsonObject? NewRs, List<JsonObject> OldRss) AllReplicaSetsAndSyncRevision(JsonObject d, List<JsonObject> rsList, bool create)
    {
        var template = d.At("spec", "template") as JsonObject ?? [];
        var existing = rsList.FirstOrDefault(rs => EqualIgnoreHash(rs.At("spec", "template"), template));
        var oldRss = rsList.Where(rs => !ReferenceEquals(rs, existing)).ToList();
        var maxOld = oldRss.Select(Revision).DefaultIfEmpty(0).Max();
        var newRevision = (maxOld + 1).ToString(CultureInfo.InvariantCulture);
        if (existing is not null)
        {
            var copy = existing.CloneObject();
            var changed = SetNewReplicaSetAnnotations(d, copy, newRevision, exists: true);
            var minReady = d.At("spec", "minReadySeconds").Long() ?? 0;
            if (changed || (copy.At("spec", "minReadySeconds").Long() ?? 0) != minReady)
            {
                service.Mutate(types.ReplicaSets, copy.Ns(), copy.Name(), o =>
                {
                    o.Meta()["annotations"] = copy.At("metadata", "annotations")!.DeepClone();
                    ((JsonObject)o["spec"]!)["minReadySeconds"] = minReady;
                });
            }

            var revision = Annotation(copy, RevisionAnnotation) ?? newRevision;
            UpdateDeploymentStatus(d, (annotations, status) =>
            {
                annotations[RevisionAnnotation] = revision;
                if (DeploymentConditions.Get(status, "Progressing") is null)
                {
                    DeploymentConditions.Set(status, DeploymentConditions.New("Progressing", "True", "FoundNewReplicaSet", $"Found new replica set \"{copy.Name()}\"", service.Now()));
                }
            });
            return (Refresh(existing), oldRss);
        }

        if (!create)
        {
            return (null, oldRss);
        }

        return (CreateNewReplicaSet(d, template, oldRss, newRevision), oldRss);
    }

    private JsonObject? CreateNewReplicaSet(JsonObject d, JsonObject template, List<JsonObject> oldRss, string newRevision)
    {
        var collisionCount = d.At("status", "collisionCount").Long();
        var hash = PodTemplateHash.Compute(Semantic(template), collisionCount);
        var rsTemplate = template.CloneObject();
        var templateMeta = rsTemplate.Meta();
        var labels = templateMeta["labels"] as JsonObject ?? [];
        labels[HashLabel] = hash;
        templateMeta["labels"] = labels;
        var selector = d.At("spec", "selector")?.DeepClone().AsObject() ?? [];
        var matchLabels = selector["matchLabels"] as JsonObject ?? [];
        matchLabels[HashLabel] = hash;
        selector["matchLabels"] = matchLabels;
        var name = $"{d.Name()}-{hash}";
        var rs = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = Pods.ReplicaSetKind,
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = d.Ns(),
                ["labels"] = labels.DeepClone(),
                ["ownerReferences"] = new JsonArray(Pods.NewControllerRef(d, "apps/v1", "Deployment")),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 0,
                ["minReadySeconds"] = d.At("spec", "minReadySeconds").Long() ?? 0,
                ["selector"] = selector,
                ["template"] = rsTemplate,
            },
        };
        ((JsonObject)rs["spec"]!)["replicas"] = NewReplicaSetReplicas(d, [.. oldRss, rs], rs);
        SetNewReplicaSetAnnotations(d, rs, newRevision, exists: false);

        if (service.Store.Get(types.ReplicaSets.EffectiveStorageKey, d.Ns(), name) is { } clash)
        {
            if (Pods.IsControlledBy(clash, d) && EqualIgnoreHash(clash.At("spec", "template"), template))
            {
                return clash;
            }

            // A different ReplicaSet holds the name: bump collisionCount, which changes the hash on the next sync.
            UpdateDeploymentStatus(d, (_, status) => status["collisionCount"] = (collisionCount ?? 0) + 1);
            return null;
        }

        var created = service.Create(types.ReplicaSets, d.Ns(), rs, WriteOptions.Internal).Object;
        if (SpecReplicas(created) > 0)
        {
            recorder.Normal(d, "apps/v1", "Deployment", Component, "ScalingReplicaSet", $"Scaled up replica set {name} from 0 to {SpecReplicas(created)}");
        }

        UpdateDeploymentStatus(d, (annotations, status) =>
        {
            annotations[RevisionAnnotation] = newRevision;
            DeploymentConditions.Set(status, DeploymentConditions.New("Progressing", "True", "NewReplicaSetCreated", $"Created new replica set \"{name}\"", service.Now()));
        });
        return service.Store.Get(types.ReplicaSets.EffectiveStorageKey, d.Ns(), created.Name());
    }

    /// <summary>SetNewReplicaSetAnnotations: copied deployment annotations, revision (+history on re-adoption), replica annotations on create.</summary>
    private static bool SetNewReplicaSetAnnotations(JsonObject d, JsonObject rs, string newRevision, bool exists)
    {
        var annotations = Annotations(rs);
        var changed = false;
        if (d.At("metadata", "annotations") is JsonObject fromDeployment)
        {
            foreach (var (key, value) in fromDeployment)
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var text) && !NotCopiedAnnotations.Contains(key) && annotations.Str(key) != text)
                {
                    annotations[key] = text;
                    changed = true;
                }
            }
        }

        var oldText = annotations.Str(RevisionAnnotation);
        var oldRevision = long.TryParse(oldText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var o) ? o : 0;
        if (oldText is { Length: > 0 } && oldRevision == 0)
        {
            return changed;
        }

        var next = long.Parse(newRevision, CultureInfo.InvariantCulture);
        if (oldRevision < next)
        {
            annotations[RevisionAnnotation] = newRevision;
            changed = true;
            if (oldText is not null)
            {
                var history = annotations.Str(RevisionHistoryAnnotation) ?? "";
                if (history.Length == 0)
                {
                    annotations[RevisionHistoryAnnotation] = oldText;
                }
                else
                {
                    var parts = history.Split(',').ToList();
                    var total = history.Length + oldText.Length + 1;
                    var start = 0;
                    while (total > MaxRevisionHistoryLength && start < parts.Count)
                    {
                        total -= parts[start].Length + 1;
                        start++;
                    }

                    if (total <= MaxRevisionHistoryLength)
                    {
                        annotations[RevisionHistoryAnnotation] = string.Join(',', parts.Skip(start).Append(oldText));
                    }
                }
            }
        }

        if (!exists)
        {
            annotations[DesiredReplicasAnnotation] = Replicas(d).ToString(CultureInfo.InvariantCulture);
            annotations[MaxReplicasAnnotation] = (Replicas(d) + MaxSurge(d)).ToString(CultureInfo.InvariantCulture);
            changed = true;
        }

        return changed;
    }

    /// <summary>Writes annotations and status through <c>/status</c>, as the controller's UpdateStatus does (no generation bump).</summary>
    private void UpdateDeploymentStatus(JsonObject d, Action<JsonObject, JsonObject> change) =>
        service.Mutate(types.Deployments, d.Ns(), d.Name(), o =>
        {
            if (o["status"] is not JsonObject status)
            {
                status = [];
                o["status"] = status;
            }

            change(Annotations(o), status);
        }, "status");

    /// <summary>cleanupDeployment: delete the oldest old ReplicaSets with no replicas beyond revisionHistoryLimit.</summary>
    private void CleanupDeployment(JsonObject d, List<JsonObject> oldRss)
    {
        if (d.At("spec", "revisionHistoryLimit").Long() is not { } limit)
        {
            return;
        }

        var cleanable = Refresh(oldRss).Where(rs => !rs.IsTerminating()).ToList();
        var diff = cleanable.Count - limit;
        if (diff <= 0)
        {
            return;
        }

        foreach (var rs in cleanable.OrderBy(Revision).ThenBy(CreationTime).Take((int)diff))
        {
            if ((rs.At("status", "replicas").Long() ?? 0) != 0 || SpecReplicas(rs) != 0
                || (rs.At("metadata", "generation").Long() ?? 0) > (rs.At("status", "observedGeneration").Long() ?? 0))
            {
                continue;
            }

            service.Delete(types.ReplicaSets, rs.Ns(), rs.Name(), new DeleteOptions());
        }
    }

    // ---- status (sync.go calculateStatus, progress.go syncRolloutStatus) ----

    private JsonObject CalculateStatus(JsonObject d, List<JsonObject> all, JsonObject? newRs)
    {
        var available = all.Sum(rs => rs.At("status", "availableReplicas").Long() ?? 0);
        var total = all.Sum(SpecReplicas);
        var status = new JsonObject { ["observedGeneration"] = d.At("metadata", "generation").Long() ?? 1 };
        AddCount(status, "replicas", all.Sum(rs => rs.At("status", "replicas").Long() ?? 0));
        AddCount(status, "updatedReplicas", newRs?.At("status", "replicas").Long() ?? 0);
        AddCount(status, "readyReplicas", all.Sum(rs => rs.At("status", "readyReplicas").Long() ?? 0));
        AddCount(status, "availableReplicas", available);
        AddCount(status, "unavailableReplicas", Math.Max(0, total - available));
        if (d.At("status", "conditions") is JsonArray conditions)
        {
            status["conditions"] = conditions.DeepClone();
        }

        var now = service.Now();
        DeploymentConditions.Set(status, available >= Replicas(d) - MaxUnavailable(d)
            ? DeploymentConditions.New("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now)
            : DeploymentConditions.New("Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now));
        if (d.At("status", "collisionCount") is { } collisions)
        {
            status["collisionCount"] = collisions.DeepClone();
        }

        return status;
    }

    private (JsonObject D, List<JsonObject> All, JsonObject? NewRs) Current(string ns, string name, string? newRsName = null)
    {
        var d = Get(ns, name)!;
        var rsList = ControlledReplicaSets(d);
        var template = d.At("spec", "template");
        var newRs = newRsName is not null
            ? rsList.FirstOrDefault(rs => rs.Name() == newRsName)
            : rsList.FirstOrDefault(rs => EqualIgnoreHash(rs.At("spec", "template"), template));
        return (d, rsList, newRs);
    }

    private void SyncDeploymentStatus(string ns, string name, string? newRsName)
    {
        var (d, all, newRs) = Current(ns, name, newRsName);
        var status = CalculateStatus(d, all, newRs);
        WriteStatus(d, status);
    }

    private void SyncRolloutStatus(string ns, string name)
    {
        var (d, all, newRs) = Current(ns, name);
        var status = CalculateStatus(d, all, newRs);
        var deadline = d.At("spec", "progressDeadlineSeconds").Long();
        var hasDeadline = deadline is not null && deadline != int.MaxValue;
        if (!hasDeadline)
        {
            DeploymentConditions.Remove(status, "Progressing");
        }

        var currentCond = DeploymentConditions.Get(d["status"] as JsonObject, "Progressing");
        var complete = Count(status, "replicas") == Count(status, "updatedReplicas") && currentCond?.Str("reason") == "NewReplicaSetAvailable";
        var what = newRs is null ? $"Deployment \"{d.Name()}\"" : $"ReplicaSet \"{newRs.Name()}\"";
        var now = service.Now();
        if (hasDeadline && !complete)
        {
            if (DeploymentComplete(d, status))
            {
                DeploymentConditions.Set(status, DeploymentConditions.New("Progressing", "True", "NewReplicaSetAvailable", $"{what} has successfully progressed.", now));
            }
            else if (DeploymentProgressing(d, status))
            {
                var condition = DeploymentConditions.New("Progressing", "True", "ReplicaSetUpdated", $"{what} is progressing.", now);
                if (DeploymentConditions.Get(status, "Progressing") is { } existing)
                {
                    if (existing.Str("status") == "True")
                    {
                        condition["lastTransitionTime"] = existing["lastTransitionTime"]?.DeepClone();
                    }

                    DeploymentConditions.Remove(status, "Progressing");
                }

                DeploymentConditions.Set(status, condition);
            }
            else if (TimedOut(status, deadline!.Value))
            {
                DeploymentConditions.Set(status, DeploymentConditions.New("Progressing", "False", "ProgressDeadlineExceeded", $"{what} has timed out progressing.", now));
            }
        }

        WriteStatus(d, status);
        RequeueStuck(d, status, hasDeadline ? deadline!.Value : null);
    }

    private void WriteStatus(JsonObject d, JsonObject status)
    {
        if (!JsonNode.DeepEquals(d["status"], status))
        {
            service.Mutate(types.Deployments, d.Ns(), d.Name(), o => o["status"] = status.DeepClone(), "status");
        }
    }

    /// <summary>requeueStuckDeployment: look again when the progress deadline would pass.</summary>
    private void RequeueStuck(JsonObject d, JsonObject status, long? deadline)
    {
        var condition = DeploymentConditions.Get(status, "Progressing");
        if (deadline is null || condition is null || condition.Str("reason") is "NewReplicaSetAvailable" or "ProgressDeadlineExceeded" || DeploymentComplete(d, status))
        {
            return;
        }

        if (Pods.Time(condition.Str("lastUpdateTime")) is { } from)
        {
            var after = from.AddSeconds(deadline.Value) - service.Time.GetUtcNow();
            queue.AddAfter(new WorkItem(WorkloadKind.Deployment, d.Ns(), d.Name()), after < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : after);
        }
    }

    private bool TimedOut(JsonObject status, long deadline)
    {
        var condition = DeploymentConditions.Get(status, "Progressing");
        if (condition is null || condition.Str("reason") == "NewReplicaSetAvailable")
        {
            return false;
        }

        if (condition.Str("reason") == "ProgressDeadlineExceeded")
        {
            return true;
        }

        return Pods.Time(condition.Str("lastUpdateTime")) is { } from && from.AddSeconds(deadline) < service.Time.GetUtcNow();
    }

    private static bool DeploymentComplete(JsonObject d, JsonObject? status)
    {
        var replicas = Replicas(d);
        return Count(status, "updatedReplicas") == replicas && Count(status, "replicas") == replicas && Count(status, "availableReplicas") == replicas
            && (status?["observedGeneration"].Long() ?? 0) >= (d.At("metadata", "generation").Long() ?? 0);
    }

    private static bool DeploymentProgressing(JsonObject d, JsonObject status)
    {
        var old = d["status"] as JsonObject;
        var oldOld = Count(old, "replicas") - Count(old, "updatedReplicas");
        var newOld = Count(status, "replicas") - Count(status, "updatedReplicas");
        return Count(status, "updatedReplicas") > Count(old, "updatedReplicas") || newOld < oldOld
            || Count(status, "readyReplicas") > Count(old, "readyReplicas") || Count(status, "availableReplicas") > Count(old, "availableReplicas");
    }

    // ---- helpers ----

    /// <summary>Pods a ReplicaSet holds for surge arithmetic: its size, or more while surplus pods are still active.</summary>
    private long PodBudget(JsonObject rs) => Math.Max(SpecReplicas(rs), pods.OwnedPods(rs).Count(Pods.IsActive));

    /// <summary>
    /// Available pods of a ReplicaSet right now (its status may lag), at most its size: surplus pods it has yet to
    /// delete may be available ones, so they cannot be counted on.
    /// </summary>
    private long AvailablePods(JsonObject rs)
    {
        var minReady = rs.At("spec", "minReadySeconds").Long() ?? 0;
        var now = service.Time.GetUtcNow();
        return Math.Min(SpecReplicas(rs), pods.OwnedPods(rs).Count(p => Pods.IsActive(p) && Pods.IsAvailable(p, minReady, now)));
    }

    /// <summary>
    /// EqualIgnoreHash: templates equal once the pod-template-hash label is dropped from both, compared as
    /// apiequality.Semantic.DeepEqual does (a null, an empty object and an empty list equal an absent field), so a
    /// template that went through a client's Go structs (<c>rollout undo</c> adds <c>creationTimestamp: null</c>,
    /// <c>resources: {}</c>) still matches.
    /// </summary>
    internal static bool EqualIgnoreHash(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(Semantic(WithoutHash(a)), Semantic(WithoutHash(b)));

    /// <summary>The template with null, empty-object and empty-list fields dropped (recursively).</summary>
    internal static JsonNode? Semantic(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var result = new JsonObject();
                foreach (var (key, value) in o)
                {
                    if (Semantic(value) is { } kept && kept is not JsonObject { Count: 0 } && kept is not JsonArray { Count: 0 })
                    {
                        result[key] = kept;
                    }
                }

                return result;
            case JsonArray a:
                return new JsonArray([.. a.Select(item => Semantic(item) ?? JsonValue.Create((string?)null))]);
            default:
                return node?.DeepClone();
        }
    }

    private static JsonNode? WithoutHash(JsonNode? template)
    {
        if (template is not JsonObject t)
        {
            return template;
        }

        var copy = t.CloneObject();
        if (copy.At("metadata", "labels") is JsonObject labels)
        {
            labels.Remove(HashLabel);
        }

        return copy;
    }

    private static long Replicas(JsonObject d) => d.At("spec", "replicas").Long() ?? 1;

    private static long SpecReplicas(JsonObject rs) => rs.At("spec", "replicas").Long() ?? 1;

    private static long Count(JsonObject? status, string field) => status?[field].Long() ?? 0;

    private static long Revision(JsonObject rs) =>
        long.TryParse(Annotation(rs, RevisionAnnotation), NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) ? r : 0;

    private static DateTimeOffset CreationTime(JsonObject obj) => Pods.Time(obj.Str("metadata", "creationTimestamp")) ?? DateTimeOffset.MinValue;

    private static string? Annotation(JsonObject obj, string key) => obj.Str("metadata", "annotations", key);

    private static JsonObject Annotations(JsonObject obj)
    {
        var meta = obj.Meta();
        if (meta["annotations"] is not JsonObject annotations)
        {
            annotations = [];
            meta["annotations"] = annotations;
        }

        return annotations;
    }

    private static bool Bool(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    /// <summary>ResolveFenceposts: surge rounds up, unavailable down; both zero makes unavailable 1.</summary>
    private static (long Surge, long Unavailable) Fenceposts(JsonObject d)
    {
        var replicas = Replicas(d);
        var surge = IntOrPercent.Scaled(d.At("spec", "strategy", "rollingUpdate", "maxSurge"), replicas, roundUp: true);
        var unavailable = IntOrPercent.Scaled(d.At("spec", "strategy", "rollingUpdate", "maxUnavailable"), replicas, roundUp: false);
        return surge == 0 && unavailable == 0 ? (0, 1) : (surge, unavailable);
    }

    private static long MaxSurge(JsonObject d) => d.Str("spec", "strategy", "type") == "Recreate" ? 0 : Fenceposts(d).Surge;

    private static long MaxUnavailable(JsonObject d)
    {
        var replicas = Replicas(d);
        if (d.Str("spec", "strategy", "type") == "Recreate" || replicas == 0)
        {
            return 0;
        }

        return Math.Min(Fenceposts(d).Unavailable, replicas);
    }

    private static void AddCount(JsonObject status, string field, long value)
    {
        if (value != 0)
        {
            status[field] = value;
        }
    }
}
