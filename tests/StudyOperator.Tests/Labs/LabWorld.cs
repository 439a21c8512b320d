using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Controller;
using StudyOperator.Labs;
using StudyOperator.Probe;
using StudyOperator.Reconciliation;
using StudyOperator.Tests.Workload;
using StudyOperator.Workload;

namespace StudyOperator.Tests.Labs;

/// <summary>
/// A small in-memory model of what the informer caches would show for one lab: its Deployment, one ReplicaSet, pods,
/// probe Jobs and the Service's EndpointSlice. Tests drive the engine pass by pass, write its status back like the
/// status subresource would, and play the cluster's part (replacing pods, finishing probes) explicitly.
/// </summary>
internal sealed class LabWorld
{
    public const string DeploymentUid = "d0000000-0000-4000-8000-00000000000d";
    public const string ReplicaSetUid = "r0000000-0000-4000-8000-00000000000r";

    private int podCounter;

    public LabWorld(Action<V1Alpha1StudyLabSpec>? configure = null, string session = "session-a")
    {
        // Background traffic is off unless a test turns it on: most tests are about one experiment's own actions.
        Lab = LabFixtures.Lab(spec =>
        {
            spec.Traffic.RequestsPerSecond = 0;
            configure?.Invoke(spec);
        });
        Lab.Metadata.Generation = 1;
        Engine = new LabEngine(LabFixtures.OperatorImage, session);
        Deployment = LabDeployment.Build(Lab, LabFixtures.OperatorImage);
        Deployment.Metadata.Uid = DeploymentUid;
        Deployment.Metadata.Generation = 1;
        ReplicaSet = new V1ReplicaSet
        {
            Metadata = new V1ObjectMeta
            {
                Name = "demo-app-5d8f7c9b6",
                NamespaceProperty = Lab.Metadata.NamespaceProperty,
                Uid = ReplicaSetUid,
                Labels = LabLabels.ForPod(Lab),
                OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = Deployment.Metadata.Name, Uid = DeploymentUid, Controller = true }],
            },
        };
        for (var i = 0; i < Lab.Spec.App.Replicas; i++)
        {
            AddPod();
        }

        SyncWorkload();
    }

    public V1Alpha1StudyLab Lab { get; }

    public LabEngine Engine { get; set; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    public V1Deployment Deployment { get; }

    public V1ReplicaSet ReplicaSet { get; }

    public List<V1Pod> Pods { get; } = [];

    public List<V1Job> Jobs { get; } = [];

    public List<V1EndpointSlice> Slices { get; } = [];

    public EngineStep? Last { get; private set; }

    public V1Alpha1StepStatus Step(int index = 0) => Lab.Status!.Steps![index];

    /// <summary>
    /// The world as the informer caches hold it: copies trimmed by <see cref="CacheTrims"/> (as the real caches are), so
    /// every engine test also proves the engine reads nothing the trims drop.
    /// </summary>
    public LabObservation Observation() =>
        new(
            Cached(Deployment, CacheTrims.Deployment),
            [Cached(ReplicaSet, CacheTrims.ReplicaSet)],
            [.. Pods.Select(p => Cached(p, CacheTrims.Pod))],
            [.. Jobs.Select(j => Cached(j, CacheTrims.Job))],
            [.. Slices.Select(s => Cached(s, CacheTrims.EndpointSlice))],
            Time.GetUtcNow());

    /// <summary>
    /// Plays the background probe's counters endpoint as the reconciler reads it through the pod proxy: called with the
    /// running probe pod when there is one to read. Null answers "not reachable".
    /// </summary>
    public Func<V1Pod, TrafficReading>? TrafficCounters { get; set; }

    /// <summary>One reconcile pass: observe, read the traffic probe like the reconciler does, let the engine decide, and write its status back.</summary>
    public EngineStep Pass()
    {
        var observation = Observation();
        var observed = LabStatusObserver.Observe(Lab, observation.Deployment, Time.GetUtcNow().UtcDateTime);
        if (LabTraffic.PodToRead(Lab, observed, observation) is { } trafficPod)
        {
            observation = observation with { Traffic = TrafficCounters?.Invoke(trafficPod) ?? TrafficReading.Unavailable("connection refused") };
        }

        Last = Engine.Advance(Lab, observed, observation);
        Lab.Status = Last.Status;
        return Last;
    }

    public V1Pod AddPod(bool ready = true, string? ownerUid = ReplicaSetUid, Dictionary<string, string>? labels = null)
    {
        podCounter++;
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = $"demo-app-5d8f7c9b6-{podCounter:00}",
                NamespaceProperty = Lab.Metadata.NamespaceProperty,
                Uid = $"pod-uid-{podCounter:00}",
                CreationTimestamp = Time.GetUtcNow().UtcDateTime.AddMilliseconds(podCounter),
                Labels = labels ?? LabLabels.ForPod(Lab),
                OwnerReferences = ownerUid is null ? null : [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = ReplicaSet.Metadata.Name, Uid = ownerUid, Controller = true }],
            },
            Status = new V1PodStatus { Phase = "Running" },
        };
        SetReady(pod, ready);
        Pods.Add(pod);
        return pod;
    }

    public static void SetReady(V1Pod pod, bool ready) =>
        pod.Status.Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }];

    /// <summary>The Deployment's status and the Service's EndpointSlice as the controllers would derive them from the pods.</summary>
    public void SyncWorkload()
    {
        var owned = Pods.Where(p => p.Metadata.OwnerReferences?.Any(o => o.Uid == ReplicaSetUid) == true && p.Metadata.DeletionTimestamp is null).ToList();
        Deployment.Status = new V1DeploymentStatus
        {
            ObservedGeneration = 1,
            Replicas = owned.Count,
            UpdatedReplicas = owned.Count,
            ReadyReplicas = owned.Count(LabPods.IsReady),
            AvailableReplicas = owned.Count(LabPods.IsReady),
        };
        Slices.Clear();
        Slices.Add(new V1EndpointSlice
        {
            AddressType = "IPv4",
            Metadata = new V1ObjectMeta
            {
                Name = "demo-abcde",
                NamespaceProperty = Lab.Metadata.NamespaceProperty,
                Labels = new Dictionary<string, string> { [LabCaches.ServiceNameLabel] = LabNames.Service(Lab) },
            },
            Endpoints = [.. owned.Select(p => new V1Endpoint
            {
                Addresses = ["10.0.0.1"],
                Conditions = new V1EndpointConditions { Ready = LabPods.IsReady(p) },
                TargetRef = new V1ObjectReference { Kind = "Pod", Name = p.Metadata.Name, Uid = p.Metadata.Uid },
            })],
        });
    }

    /// <summary>Plays the API server's part for the last pass's deletes: the pods start terminating.</summary>
    public List<DeletePodAction> ApplyDeletes()
    {
        var deletes = Last!.Actions.OfType<DeletePodAction>().ToList();
        foreach (var delete in deletes)
        {
            var pod = Pods.Single(p => p.Metadata.Uid == delete.Uid);
            pod.Metadata.DeletionTimestamp = Time.GetUtcNow().UtcDateTime;
            SetReady(pod, false);
        }

        SyncWorkload();
        return deletes;
    }

    /// <summary>Plays the ReplicaSet's and kubelet's part: terminating pods go, replacements come up Ready.</summary>
    public void Heal()
    {
        var gone = Pods.RemoveAll(p => p.Metadata.DeletionTimestamp is not null);
        for (var i = 0; i < gone; i++)
        {
            AddPod();
        }

        SyncWorkload();
    }

    public void Advance(TimeSpan by) => Time.Advance(by);

    /// <summary>Plays the Job controller's part: the Job of the last CreateJobAction exists with a pod in the given state.</summary>
    public V1Pod StartProbe(bool running = true) => StartJob(Last!.Actions.OfType<CreateJobAction>().Single().Job, running);

    /// <summary>Plays the Job controller's part for the background traffic Job the engine asked for.</summary>
    public V1Pod StartTraffic() =>
        StartJob(Last!.Actions.OfType<CreateJobAction>().Single(a => a.Job.Metadata.Name == ProbeJobs.TrafficName(Lab)).Job, running: true);

    private V1Pod StartJob(V1Job job, bool running)
    {
        job.Metadata.Uid = $"job-uid-{job.Metadata.Name}";
        Jobs.Add(job);
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = job.Metadata.Name + "-x7k2p",
                NamespaceProperty = job.Metadata.NamespaceProperty,
                Uid = "probe-pod-" + job.Metadata.Name,
                Labels = job.Spec.Template.Metadata.Labels,
                OwnerReferences = [new V1OwnerReference { ApiVersion = "batch/v1", Kind = "Job", Name = job.Metadata.Name, Uid = job.Metadata.Uid, Controller = true }],
            },
            Status = new V1PodStatus
            {
                Phase = running ? "Running" : "Pending",
                ContainerStatuses = running
                    ? [new V1ContainerStatus { Name = ProbeJobs.Component, Image = "x", ImageID = "x", Ready = true, RestartCount = 0, State = new V1ContainerState { Running = new V1ContainerStateRunning() } }]
                    : null,
            },
        };
        Pods.Add(pod);
        return pod;
    }

    public static void FinishProbe(V1Pod probePod, string message, int exitCode = 0)
    {
        probePod.Status.Phase = exitCode == 0 ? "Succeeded" : "Failed";
        probePod.Status.ContainerStatuses =
        [
            new V1ContainerStatus
            {
                Name = ProbeJobs.Component, Image = "x", ImageID = "x", Ready = false, RestartCount = 0,
                State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = exitCode, Reason = exitCode == 0 ? "Completed" : "Error", Message = message } },
            },
        ];
    }

    public static string ProbeJson(
        IReadOnlyDictionary<string, int> pods,
        DateTimeOffset startedAt,
        int failed = 0,
        IReadOnlyList<ErrorWindow>? windows = null) => ProbeResultJson.Serialize(new ProbeResult
        {
            Target = "http://10.96.0.12:80/",
            Mode = "count",
            KeepAlive = false,
            StartedAt = startedAt,
            DurationMs = 5000,
            Complete = true,
            Total = pods.Values.Sum() + failed,
            Ok = pods.Values.Sum(),
            Failed = new FailureCounts(0, 0, failed, 0),
            Connections = pods.Values.Sum() + failed,
            Pods = pods,
            LatencyMs = new LatencySummary(3, 9, 20, 40),
            ErrorWindows = windows ?? [],
        });

    private static T Cached<T>(T obj, Action<T> trim)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var copy = KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj));
        trim(copy);
        StringPool.Shared.InternMetadata(copy.Metadata);
        return copy;
    }
}
