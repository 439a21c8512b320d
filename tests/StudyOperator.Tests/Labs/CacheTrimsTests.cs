using k8s;
using k8s.Models;
using StudyOperator.Labs;
using StudyOperator.Workload;

namespace StudyOperator.Tests.Labs;

public sealed class CacheTrimsTests
{
    private static readonly DateTime Created = new(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_cached_pod_keeps_its_identity_owners_selector_labels_ready_condition_and_container_states()
    {
        var pod = new V1Pod
        {
            Metadata = Meta("demo-7c9-abcde", "pod-uid", new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "demo-7c9", Uid = "rs-uid", Controller = true }),
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "demo:v1" }], NodeName = "node-1" },
            Status = new V1PodStatus
            {
                Phase = "Running",
                PodIP = "10.0.0.7",
                HostIP = "192.168.0.2",
                QosClass = "Burstable",
                StartTime = Created,
                Conditions =
                [
                    new V1PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = Created },
                    new V1PodCondition { Type = "Ready", Status = "True", LastTransitionTime = Created, Reason = "r", Message = "m" },
                    new V1PodCondition { Type = "ContainersReady", Status = "True", LastTransitionTime = Created },
                ],
                ContainerStatuses =
                [
                    new V1ContainerStatus
                    {
                        Name = "probe", Image = "demo:v1", ImageID = "sha256:x", ContainerID = "containerd://x", Ready = true, RestartCount = 2, Started = true,
                        State = new V1ContainerState
                        {
                            Running = new V1ContainerStateRunning { StartedAt = Created },
                            Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff" },
                        },
                        LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 1 } },
                    },
                    new V1ContainerStatus
                    {
                        Name = "done", Image = "demo:v1", ImageID = "sha256:x", Ready = false, RestartCount = 0,
                        State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 3, Reason = "Error", Message = "{\"total\":1}" } },
                    },
                ],
            },
        };

        CacheTrims.Pod(pod);

        AssertIdentityKept(pod.Metadata, "demo-7c9-abcde", "pod-uid", "rs-uid");
        Assert.Equal(new Dictionary<string, string> { [LabLabels.Lab] = "l001", [LabLabels.Component] = LabLabels.DemoComponent }, pod.Metadata.Labels);
        Assert.Null(pod.Spec);
        var condition = Assert.Single(pod.Status.Conditions);
        Assert.Equal(("Ready", "True"), (condition.Type, condition.Status));
        Assert.Null(condition.Message);
        Assert.True(LabPods.IsReady(pod));
        Assert.Equal(["probe", "done"], pod.Status.ContainerStatuses.Select(c => c.Name));
        Assert.Equal(Created, pod.Status.ContainerStatuses[0].State.Running.StartedAt);
        Assert.Null(pod.Status.ContainerStatuses[0].State.Waiting);
        Assert.Equal((3, "Error", "{\"total\":1}"), (pod.Status.ContainerStatuses[1].State.Terminated.ExitCode, pod.Status.ContainerStatuses[1].State.Terminated.Reason, pod.Status.ContainerStatuses[1].State.Terminated.Message));
        Assert.All(pod.Status.ContainerStatuses, c => Assert.Null(c.Image));
        Assert.All(pod.Status.ContainerStatuses, c => Assert.Null(c.LastState));
        Assert.Null(pod.Status.Phase);
        Assert.Null(pod.Status.PodIP);
        Assert.Null(pod.Status.HostIP);
        Assert.Null(pod.Status.StartTime);
    }

    [Fact]
    public void A_pod_without_status_or_labels_is_trimmed_without_failing()
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "bare", NamespaceProperty = "scale" }, Spec = new V1PodSpec() };

        CacheTrims.Pod(pod);

        Assert.Null(pod.Status);
        Assert.Null(pod.Metadata.Labels);
        Assert.Null(pod.Spec);
    }

    [Fact]
    public void A_cached_replicaset_keeps_only_its_identity_owners_and_lab_label()
    {
        var rs = new V1ReplicaSet
        {
            Metadata = Meta("demo-7c9", "rs-uid", new V1OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "demo", Uid = "d-uid", Controller = true }),
            Spec = new V1ReplicaSetSpec { Replicas = 2, Selector = new V1LabelSelector() },
            Status = new V1ReplicaSetStatus { Replicas = 2, ReadyReplicas = 2 },
        };

        CacheTrims.ReplicaSet(rs);

        AssertIdentityKept(rs.Metadata, "demo-7c9", "rs-uid", "d-uid");
        Assert.Equal(new Dictionary<string, string> { [LabLabels.Lab] = "l001" }, rs.Metadata.Labels);
        Assert.Null(rs.Spec);
        Assert.Null(rs.Status);
    }

    [Fact]
    public void A_cached_job_keeps_its_failed_condition_and_nothing_else_of_its_status()
    {
        var job = new V1Job
        {
            Metadata = Meta("l001-1-lb", "job-uid", new V1OwnerReference { ApiVersion = "labs.study.dev/v1alpha1", Kind = "StudyLab", Name = "l001", Uid = "lab-uid", Controller = true }),
            Spec = new V1JobSpec { Template = new V1PodTemplateSpec() },
            Status = new V1JobStatus
            {
                Active = 1,
                StartTime = Created,
                Conditions =
                [
                    new V1JobCondition { Type = "FailureTarget", Status = "True", Reason = "BackoffLimitExceeded" },
                    new V1JobCondition { Type = "Failed", Status = "True", Reason = "BackoffLimitExceeded", Message = "Job has reached the specified backoff limit", LastTransitionTime = Created },
                ],
            },
        };

        CacheTrims.Job(job);

        AssertIdentityKept(job.Metadata, "l001-1-lb", "job-uid", "lab-uid");
        Assert.Equal(new Dictionary<string, string> { [LabLabels.Lab] = "l001" }, job.Metadata.Labels);
        Assert.Null(job.Spec);
        var failed = Assert.Single(job.Status.Conditions);
        Assert.Equal(("Failed", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit"), (failed.Type, failed.Status, failed.Reason, failed.Message));
        Assert.Null(job.Status.Active);
        Assert.Null(job.Status.StartTime);
    }

    [Fact]
    public void A_cached_endpointslice_keeps_its_service_label_and_each_endpoints_target_and_readiness()
    {
        var slice = new V1EndpointSlice
        {
            AddressType = "IPv4",
            Metadata = Meta("l001-x7k2p", "slice-uid", new V1OwnerReference { ApiVersion = "v1", Kind = "Service", Name = "l001", Uid = "svc-uid", Controller = true }),
            Ports = [new Discoveryv1EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }],
            Endpoints =
            [
                new V1Endpoint
                {
                    Addresses = ["10.0.0.7"],
                    NodeName = "node-1",
                    Conditions = new V1EndpointConditions { Ready = false, Serving = true, Terminating = true },
                    TargetRef = new V1ObjectReference { Kind = "Pod", Name = "demo-7c9-abcde", NamespaceProperty = "scale", Uid = "pod-uid" },
                },
                new V1Endpoint { Addresses = ["10.0.0.8"] },
            ],
        };
        slice.Metadata.Labels[LabCaches.ServiceNameLabel] = "l001";

        CacheTrims.EndpointSlice(slice);

        Assert.Equal(("l001-x7k2p", "scale", "7"), (slice.Metadata.Name, slice.Metadata.NamespaceProperty, slice.Metadata.ResourceVersion));
        Assert.Equal(new Dictionary<string, string> { [LabCaches.ServiceNameLabel] = "l001" }, slice.Metadata.Labels);
        Assert.Null(slice.Metadata.OwnerReferences);
        Assert.Null(slice.Metadata.Annotations);
        Assert.Null(slice.Ports);
        Assert.Equal(2, slice.Endpoints.Count);
        Assert.Equal(("pod-uid", "demo-7c9-abcde"), (slice.Endpoints[0].TargetRef.Uid, slice.Endpoints[0].TargetRef.Name));
        Assert.False(slice.Endpoints[0].Conditions.Ready);
        Assert.Null(slice.Endpoints[0].Conditions.Serving);
        Assert.Null(slice.Endpoints[0].Addresses);
        Assert.Null(slice.Endpoints[0].NodeName);
        Assert.Null(slice.Endpoints[1].TargetRef);
        Assert.Null(slice.Endpoints[1].Conditions);
    }

    [Fact]
    public void A_cached_deployment_keeps_metadata_spec_and_replica_counts_and_drops_its_conditions()
    {
        var lab = Workload.LabFixtures.Lab();
        var deployment = LabDeployment.Build(lab, Workload.LabFixtures.OperatorImage);
        deployment.Metadata.Annotations = new Dictionary<string, string> { ["deployment.kubernetes.io/revision"] = "1", ["labs.study.dev/desired-hash"] = "abc" };
        deployment.Metadata.ResourceVersion = "42";
        deployment.Metadata.Generation = 3;
        deployment.Status = new V1DeploymentStatus
        {
            ObservedGeneration = 3,
            Replicas = 2,
            UpdatedReplicas = 2,
            ReadyReplicas = 2,
            AvailableReplicas = 2,
            Conditions = [new V1DeploymentCondition { Type = "Available", Status = "True", Reason = "MinimumReplicasAvailable", Message = "Deployment has minimum availability." }],
        };
        var metadata = KubernetesJson.Serialize(deployment.Metadata);
        var spec = KubernetesJson.Serialize(deployment.Spec);

        CacheTrims.Deployment(deployment);

        // LabChildren compares and replaces from these: a trim here would turn steady passes into writes.
        Assert.Equal(metadata, KubernetesJson.Serialize(deployment.Metadata));
        Assert.Equal(spec, KubernetesJson.Serialize(deployment.Spec));
        Assert.Equal((3L, 2, 2, 2, 2), (deployment.Status.ObservedGeneration, deployment.Status.Replicas, deployment.Status.UpdatedReplicas, deployment.Status.ReadyReplicas, deployment.Status.AvailableReplicas));
        Assert.Null(deployment.Status.Conditions);
    }

    [Fact]
    public void Cached_deployments_of_different_labs_share_their_template_strings_and_serialize_as_before()
    {
        var one = Copied(LabDeployment.Build(Workload.LabFixtures.Lab(), Workload.LabFixtures.OperatorImage));
        var two = Copied(LabDeployment.Build(Workload.LabFixtures.Lab(), Workload.LabFixtures.OperatorImage));
        var json = KubernetesJson.Serialize(one);

        CacheTrims.Deployment(one);
        CacheTrims.Deployment(two);

        Assert.Equal(json, KubernetesJson.Serialize(one));
        var (a, b) = (one.Spec.Template.Spec.Containers[0], two.Spec.Template.Spec.Containers[0]);
        Assert.Same(a.Image, b.Image);
        Assert.Same(a.Args[0], b.Args[0]);
        Assert.Same(a.Env[1].ValueFrom.FieldRef.FieldPath, b.Env[1].ValueFrom.FieldRef.FieldPath);
        Assert.Same(a.ReadinessProbe?.HttpGet.Path ?? a.Ports[0].Name, b.ReadinessProbe?.HttpGet.Path ?? b.Ports[0].Name);
        Assert.Same(a.SecurityContext.Capabilities.Drop[0], b.SecurityContext.Capabilities.Drop[0]);
        Assert.Same(one.Spec.Selector.MatchLabels.Keys.First(), two.Spec.Selector.MatchLabels.Keys.First());
        Assert.Same(one.Spec.Template.Metadata.Labels.Keys.First(), two.Spec.Template.Metadata.Labels.Keys.First());
    }

    /// <summary>As read from the API: every string a fresh instance, not the builder's literals.</summary>
    private static T Copied<T>(T obj) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj));

    private static V1ObjectMeta Meta(string name, string uid, V1OwnerReference owner) => new()
    {
        Name = name,
        GenerateName = "demo-",
        NamespaceProperty = "scale",
        Uid = uid,
        ResourceVersion = "7",
        CreationTimestamp = Created,
        DeletionTimestamp = Created.AddMinutes(1),
        Finalizers = ["example.com/keep"],
        Labels = new Dictionary<string, string>
        {
            [LabLabels.Lab] = "l001",
            [LabLabels.Component] = LabLabels.DemoComponent,
            [LabLabels.Name] = LabLabels.AppName,
            ["pod-template-hash"] = "7c9",
        },
        Annotations = new Dictionary<string, string> { ["kubectl.kubernetes.io/restartedAt"] = "now" },
        OwnerReferences = [owner],
    };

    private static void AssertIdentityKept(V1ObjectMeta metadata, string name, string uid, string ownerUid)
    {
        Assert.Equal((name, "scale", uid, "7"), (metadata.Name, metadata.NamespaceProperty, metadata.Uid, metadata.ResourceVersion));
        Assert.Equal(Created, metadata.CreationTimestamp);
        Assert.Equal(Created.AddMinutes(1), metadata.DeletionTimestamp);
        Assert.Equal(ownerUid, Assert.Single(metadata.OwnerReferences).Uid);
        Assert.True(metadata.OwnerReferences[0].Controller);
        Assert.Null(metadata.Annotations);
        Assert.Null(metadata.GenerateName);
        Assert.Null(metadata.Finalizers);
    }
}
