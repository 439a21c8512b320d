using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Controllers.Workloads;

/// <summary>
/// pkg/controller/job (NonIndexed completion mode) and pkg/controller/ttlafterfinished: runs up to
/// <c>parallelism</c> pods until <c>completions</c> succeed, replaces failed pods after the exponential pod-failure
/// back-off (10 s doubling, at most 10 min) until more than <c>backoffLimit</c> have failed, honours
/// <c>activeDeadlineSeconds</c> and <c>suspend</c>, writes batch/v1 status with the terminal condition pairs
/// (SuccessCriteriaMet+Complete, FailureTarget+Failed), and deletes a finished Job <c>ttlSecondsAfterFinished</c> later.
/// </summary>
internal sealed class JobController(ResourceService service, WorkloadTypes types, WorkQueue queue, EventRecorder recorder)
{
    private const string Component = "job-controller";
    private static readonly TimeSpan BackoffBase = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan BackoffMax = TimeSpan.FromMinutes(10);
    private readonly Dictionary<string, JobTracking> tracking = new(StringComparer.Ordinal);

    public void Sync(string ns, string name)
    {
        if (service.Store.Get(types.Jobs.EffectiveStorageKey, ns, name) is not { } job)
        {
            ForgetMissingJobs();
            return;
        }

        if (job.IsTerminating())
        {
            return;
        }

        var item = new WorkItem(WorkloadKind.Job, ns, name);
        var now = service.Time.GetUtcNow();
        if (FinishedAt(job) is { } finished)
        {
            CleanupAfterTtl(job, finished, now, item);
            return;
        }

        var uid = job.Uid() ?? "";
        if (!tracking.TryGetValue(uid, out var track))
        {
            track = new JobTracking();
            tracking[uid] = track;
        }

        var old = job["status"] as JsonObject;
        var succeeded = old?["succeeded"].Long() ?? 0;
        var failed = old?["failed"].Long() ?? 0;
        var pods = OwnedPods(job);
        foreach (var pod in pods.Where(p => p.Str("status", "phase") is "Succeeded" or "Failed" && !track.Counted.Contains(p.Uid() ?? "")))
        {
            track.Counted.Add(pod.Uid() ?? "");
            if (pod.Str("status", "phase") == "Succeeded")
            {
                succeeded++;
                track.FailuresAfterLastSuccess = 0;
            }
            else
            {
                failed++;
                track.FailuresAfterLastSuccess++;
                var at = FinishTime(pod) ?? now;
                track.LastFailure = track.LastFailure is { } last && last > at ? last : at;
            }
        }

        var spec = job["spec"] as JsonObject ?? [];
        var completions = spec["completions"].Long();
        var parallelism = spec["parallelism"].Long() ?? 1;
        var backoffLimit = spec["backoffLimit"].Long() ?? 6;
        var suspended = spec["suspend"] is JsonValue s && s.TryGetValue<bool>(out var sb) && sb;
        var conditions = old?["conditions"] as JsonArray is { } c ? (JsonArray)c.DeepClone() : [];
        var startTime = old?.Str("startTime") ?? (suspended ? null : Pods.Format(now));
        var active = pods.Where(Pods.IsActive).ToList();
        var suspendedCondition = conditions.OfType<JsonObject>().FirstOrDefault(x => x.Str("type") == "Suspended");
        if (suspended && suspendedCondition?.Str("status") != "True")
        {
            EnsureCondition(conditions, "Suspended", "True", "JobSuspended", "Job suspended");
            recorder.Normal(job, "batch/v1", "Job", Component, "Suspended", "Job suspended");
        }
        else if (!suspended && suspendedCondition?.Str("status") == "True")
        {
            // Resuming restarts the clock, so activeDeadlineSeconds does not count the suspended time.
            EnsureCondition(conditions, "Suspended", "False", "JobResumed", "Job resumed");
            recorder.Normal(job, "batch/v1", "Job", Component, "Resumed", "Job resumed");
            startTime = Pods.Format(now);
        }

        (string Reason, string Message)? failure = null;
        if (HasCondition(conditions, "FailureTarget") is { } target)
        {
            failure = (target.Str("reason") ?? "", target.Str("message") ?? "");
        }
        else if (failed > backoffLimit)
        {
            failure = ("BackoffLimitExceeded", "Job has reached the specified backoff limit");
        }
        else if (spec["activeDeadlineSeconds"].Long() is { } deadline && startTime is not null && !suspended)
        {
            var due = Pods.Time(startTime)!.Value.AddSeconds(deadline);
            if (now >= due)
            {
                failure = ("DeadlineExceeded", "Job was active longer than specified deadline");
            }
            else
            {
                queue.AddAfter(item, due - now);
            }
        }

        var complete = failure is null && (completions is { } wanted ? succeeded >= wanted : succeeded > 0 && active.Count == 0);
        string? completionTime = null;
        if (failure is { } f)
        {
            SetCondition(conditions, "FailureTarget", f.Reason, f.Message);
            active = DeletePods(job, active, active.Count);
            if (active.Count == 0 && !OwnedPods(job).Any(p => p.IsTerminating() && Pods.IsActivePhase(p)) && SetCondition(conditions, "Failed", f.Reason, f.Message))
            {
                recorder.Warning(job, "batch/v1", "Job", Component, f.Reason, f.Message);
            }
        }
        else if (complete)
        {
            SetCondition(conditions, "SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods");
            active = DeletePods(job, active, active.Count);
            if (active.Count == 0)
            {
                if (SetCondition(conditions, "Complete", "CompletionsReached", "Reached expected number of succeeded pods"))
                {
                    recorder.Normal(job, "batch/v1", "Job", Component, "Completed", "Job completed");
                }

                completionTime = Pods.Format(now);
            }
        }
        else if (suspended)
        {
            active = DeletePods(job, active, active.Count);
        }
        else
        {
            // A work queue (no completions) starts no pods once one succeeded, and lets the running ones finish.
            var wantActive = completions is { } w ? Math.Min(parallelism, w - succeeded) : (succeeded > 0 ? active.Count : parallelism);
            var diff = active.Count - wantActive;
            if (diff > 0)
            {
                active = DeletePods(job, active, (int)diff);
            }
            else if (diff < 0)
            {
                var wait = RemainingBackoff(track, now);
                if (wait > TimeSpan.Zero)
                {
                    queue.AddAfter(item, wait);
                }
                else
                {
                    var template = spec["template"] as JsonObject ?? [];
                    for (var i = 0; i < -diff; i++)
                    {
                        var pod = service.Create(types.Pods, ns, Pods.FromTemplate(job, "batch/v1", "Job", template), WriteOptions.Internal).Object;
                        active.Add(pod);
                        recorder.Normal(job, "batch/v1", "Job", Component, "SuccessfulCreate", $"Created pod: {pod.Name()}");
                    }
                }
            }
        }

        var status = new JsonObject();
        if (conditions.Count > 0)
        {
            status["conditions"] = conditions;
        }

        if (startTime is not null)
        {
            status["startTime"] = startTime;
        }

        if (completionTime is not null)
        {
            status["completionTime"] = completionTime;
        }

        AddCount(status, "active", active.Count);
        AddCount(status, "succeeded", succeeded);
        AddCount(status, "failed", failed);
        status["terminating"] = OwnedPods(job).Count(p => p.IsTerminating() && Pods.IsActivePhase(p));
        status["uncountedTerminatedPods"] = new JsonObject();
        status["ready"] = active.Count(Pods.IsReady);
        if (!JsonNode.DeepEquals(old, status))
        {
            service.Mutate(types.Jobs, ns, name, o => o["status"] = status, "status");
        }
    }

    /// <summary>ttlafterfinished: delete the Job (Foreground, uid precondition) once its TTL after finishing has passed.</summary>
    private void CleanupAfterTtl(JsonObject job, DateTimeOffset finished, DateTimeOffset now, WorkItem item)
    {
        tracking.Remove(job.Uid() ?? "");
        if (job.At("spec", "ttlSecondsAfterFinished").Long() is not { } ttl)
        {
            return;
        }

        var expires = finished.AddSeconds(ttl);
        if (now < expires)
        {
            queue.AddAfter(item, expires - now);
            return;
        }

        service.Delete(types.Jobs, job.Ns(), job.Name(), new DeleteOptions("Foreground", PreconditionUid: job.Uid()));
    }

    private TimeSpan RemainingBackoff(JobTracking track, DateTimeOffset now)
    {
        if (track.FailuresAfterLastSuccess == 0 || track.LastFailure is not { } last)
        {
            return TimeSpan.Zero;
        }

        var delay = BackoffBase * Math.Pow(2, Math.Min(track.FailuresAfterLastSuccess - 1, 16));
        if (delay > BackoffMax)
        {
            delay = BackoffMax;
        }

        return last + delay - now;
    }

    private List<JsonObject> DeletePods(JsonObject job, List<JsonObject> active, int count)
    {
        var doomed = active.Order(new PodDeletionOrder(new Dictionary<string, int>(), service.Time.GetUtcNow())).Take(count).ToList();
        foreach (var pod in doomed)
        {
            service.Delete(types.Pods, pod.Ns(), pod.Name(), new DeleteOptions());
            recorder.Normal(job, "batch/v1", "Job", Component, "SuccessfulDelete", $"Deleted pod: {pod.Name()}");
        }

        return [.. active.Except(doomed)];
    }

    private List<JsonObject> OwnedPods(JsonObject job) =>
        service.Store.DependentsOf(job.Uid() ?? "")
            .Where(d => d.StorageKey == types.Pods.EffectiveStorageKey && Pods.IsControlledBy(d.Object, job))
            .Select(d => d.Object)
            .ToList();

    private void ForgetMissingJobs()
    {
        foreach (var uid in tracking.Keys.Where(uid => service.Store.FindByUid(uid) is null).ToList())
        {
            tracking.Remove(uid);
        }
    }

    private static DateTimeOffset? FinishedAt(JsonObject job) =>
        (job.At("status", "conditions") as JsonArray)?.OfType<JsonObject>()
            .Where(c => c.Str("type") is "Complete" or "Failed" && c.Str("status") == "True")
            .Select(c => Pods.Time(c.Str("lastTransitionTime")))
            .FirstOrDefault(t => t is not null);

    private static DateTimeOffset? FinishTime(JsonObject pod) =>
        (pod.At("status", "containerStatuses") as JsonArray)?.OfType<JsonObject>()
            .Select(c => Pods.Time(c.Str("state", "terminated", "finishedAt")))
            .Where(t => t is not null)
            .Max();

    private static JsonObject? HasCondition(JsonArray conditions, string type) =>
        conditions.OfType<JsonObject>().FirstOrDefault(c => c.Str("type") == type && c.Str("status") == "True");

    /// <summary>Adds a True condition unless present; whether it was added.</summary>
    private bool SetCondition(JsonArray conditions, string type, string reason, string message)
    {
        if (HasCondition(conditions, type) is not null)
        {
            return false;
        }

        var now = service.Now();
        conditions.Add(new JsonObject
        {
            ["type"] = type,
            ["status"] = "True",
            ["lastProbeTime"] = now,
            ["lastTransitionTime"] = now,
            ["reason"] = reason,
            ["message"] = message,
        });
        return true;
    }

    /// <summary>ensureJobConditionStatus: an existing condition changes status in place; a missing one is added only when True.</summary>
    private void EnsureCondition(JsonArray conditions, string type, string status, string reason, string message)
    {
        var now = service.Now();
        if (conditions.OfType<JsonObject>().FirstOrDefault(c => c.Str("type") == type) is { } existing)
        {
            existing["status"] = status;
            existing["reason"] = reason;
            existing["message"] = message;
            existing["lastProbeTime"] = now;
            existing["lastTransitionTime"] = now;
        }
        else if (status == "True")
        {
            conditions.Add(new JsonObject
            {
                ["type"] = type,
                ["status"] = status,
                ["lastProbeTime"] = now,
                ["lastTransitionTime"] = now,
                ["reason"] = reason,
                ["message"] = message,
            });
        }
    }

    private static void AddCount(JsonObject status, string field, long value)
    {
        if (value != 0)
        {
            status[field] = value;
        }
    }
}
