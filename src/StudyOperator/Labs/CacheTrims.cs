using k8s.Models;
using StudyOperator.Controller;
using StudyOperator.Workload;

namespace StudyOperator.Labs;

/// <summary>
/// What the informer caches keep of each kind (client-go's SetTransform): exactly the fields the lab engine and the
/// reconciler read, so a thousand labs do not hold a thousand copies of pod IPs, image IDs and condition messages.
/// Each trim names its readers; a new reader of a dropped field must widen the trim first.
/// </summary>
internal static class CacheTrims
{
    /// <summary>The pod condition <see cref="LabPods.IsReady"/> reads.</summary>
    public const string PodReady = "Ready";

    /// <summary>The Job condition <see cref="ProbeRuns"/> reads.</summary>
    public const string JobFailed = "Failed";

    private static readonly StringPool Pool = StringPool.Shared;

    /// <summary>
    /// A pod keeps: name, namespace, uid, resourceVersion, creation and deletion timestamps, owner references
    /// (<see cref="LabPods"/>, <see cref="ProbeRuns"/>), the selector labels (<see cref="LabLabels.Selector"/>, and
    /// <see cref="LabLabels.Lab"/> for the index), its Ready condition's type and status (<see cref="LabPods.IsReady"/>),
    /// and each container status's name and running/terminated state (<see cref="ProbeRuns"/>: the probe's counters
    /// pod and its termination message). Spec, annotations and the rest of status go.
    /// </summary>
    public static void Pod(V1Pod pod)
    {
        pod.Spec = null;
        Metadata(pod.Metadata, LabLabels.Lab, LabLabels.Component);
        if (pod.Status is not { } status)
        {
            return;
        }

        pod.Status = new V1PodStatus
        {
            Conditions = status.Conditions?.Where(c => c.Type == PodReady)
                .Select(c => new V1PodCondition { Type = Pool.Intern(c.Type), Status = Pool.Intern(c.Status) })
                .ToList(),
            ContainerStatuses = status.ContainerStatuses?
                .Select(c => new V1ContainerStatus
                {
                    Name = Pool.Intern(c.Name),
                    State = c.State is null ? null : new V1ContainerState { Running = c.State.Running, Terminated = c.State.Terminated },
                })
                .ToList(),
        };
    }

    /// <summary>
    /// A ReplicaSet keeps: name, namespace, uid, resourceVersion, owner references (<see cref="LabPods.Owned"/> follows
    /// pod → ReplicaSet → Deployment by UID) and the lab label (the index). Nothing reads its spec or status.
    /// </summary>
    public static void ReplicaSet(V1ReplicaSet replicaSet)
    {
        replicaSet.Spec = null;
        replicaSet.Status = null;
        Metadata(replicaSet.Metadata, LabLabels.Lab);
    }

    /// <summary>
    /// A Job keeps: name, namespace, uid, resourceVersion, owner references and the lab label (<see cref="ProbeRuns"/>
    /// finds the lab's probe Job by name and controller), and its Failed condition (<see cref="ProbeRuns"/> reports
    /// its reason and message). Spec and the rest of status go.
    /// </summary>
    public static void Job(V1Job job)
    {
        job.Spec = null;
        Metadata(job.Metadata, LabLabels.Lab);
        if (job.Status is not { } status)
        {
            return;
        }

        job.Status = new V1JobStatus
        {
            Conditions = status.Conditions?.Where(c => c.Type == JobFailed)
                .Select(c => new V1JobCondition { Type = Pool.Intern(c.Type), Status = Pool.Intern(c.Status), Reason = Pool.Intern(c.Reason), Message = c.Message })
                .ToList(),
        };
    }

    /// <summary>
    /// An EndpointSlice keeps: name, namespace, resourceVersion, the service-name label (the index and
    /// <c>FailoverStep.ReadyEndpoint</c>), and per endpoint the target's uid and name and the ready condition
    /// (<c>FailoverStep.ReadyEndpoint</c>). Addresses, ports, topology and owner references go.
    /// </summary>
    public static void EndpointSlice(V1EndpointSlice slice)
    {
        Metadata(slice.Metadata, LabCaches.ServiceNameLabel);
        slice.Metadata.OwnerReferences = null;
        slice.Ports = null;
        slice.AddressType = Pool.Intern(slice.AddressType);
        slice.Endpoints = slice.Endpoints?
            .Select(e => new V1Endpoint
            {
                TargetRef = e.TargetRef is null ? null : new V1ObjectReference { Uid = e.TargetRef.Uid, Name = e.TargetRef.Name },
                Conditions = e.Conditions is null ? null : new V1EndpointConditions { Ready = e.Conditions.Ready },
            })
            .ToList();
    }

    /// <summary>
    /// A Deployment keeps all of its metadata and spec: <c>LabChildren</c> compares them with the desired Deployment
    /// and replaces the live object with its own labels, annotations and owners merged in. Its status keeps the
    /// counters <c>LabStatusObserver</c> and <see cref="StepContext.DeploymentWhole"/> read; the conditions go (an
    /// update of the Deployment leaves the server's status as it is). The pod template, the same for every lab but
    /// for the lab's name, shares its strings through the pool: equal values, so the comparison sees no difference.
    /// </summary>
    public static void Deployment(V1Deployment deployment)
    {
        if (deployment.Status is { } status)
        {
            status.Conditions = null;
        }

        if (deployment.Spec is not { } spec)
        {
            return;
        }

        if (spec.Selector is { } selector)
        {
            selector.MatchLabels = Pool.Intern(selector.MatchLabels);
        }

        if (spec.Strategy is { } strategy)
        {
            strategy.Type = Pool.Intern(strategy.Type);
        }

        if (spec.Template is { } template)
        {
            Pool.InternMetadata(template.Metadata);
            Template(template.Spec);
        }
    }

    private static void Template(V1PodSpec? spec)
    {
        if (spec is null)
        {
            return;
        }

        spec.DnsPolicy = Pool.Intern(spec.DnsPolicy);
        spec.RestartPolicy = Pool.Intern(spec.RestartPolicy);
        spec.SchedulerName = Pool.Intern(spec.SchedulerName);
        spec.ServiceAccountName = Pool.Intern(spec.ServiceAccountName);
        spec.ServiceAccount = Pool.Intern(spec.ServiceAccount);
        if (spec.SecurityContext?.SeccompProfile is { } seccomp)
        {
            seccomp.Type = Pool.Intern(seccomp.Type);
        }

        foreach (var container in (spec.InitContainers ?? []).Concat(spec.Containers ?? []))
        {
            Container(container);
        }
    }

    private static void Container(V1Container container)
    {
        container.Name = Pool.Intern(container.Name);
        container.Image = Pool.Intern(container.Image);
        container.ImagePullPolicy = Pool.Intern(container.ImagePullPolicy);
        container.TerminationMessagePath = Pool.Intern(container.TerminationMessagePath);
        container.TerminationMessagePolicy = Pool.Intern(container.TerminationMessagePolicy);
        InternAll(container.Command);
        InternAll(container.Args);
        foreach (var env in container.Env ?? [])
        {
            env.Name = Pool.Intern(env.Name);
            env.Value = Pool.Intern(env.Value);
            if (env.ValueFrom?.FieldRef is { } field)
            {
                field.ApiVersion = Pool.Intern(field.ApiVersion);
                field.FieldPath = Pool.Intern(field.FieldPath);
            }
        }

        foreach (var port in container.Ports ?? [])
        {
            port.Name = Pool.Intern(port.Name);
            port.Protocol = Pool.Intern(port.Protocol);
        }

        foreach (var probe in new[] { container.ReadinessProbe, container.LivenessProbe, container.StartupProbe })
        {
            if (probe?.HttpGet is { } get)
            {
                get.Path = Pool.Intern(get.Path);
                get.Scheme = Pool.Intern(get.Scheme);
            }
        }

        if (container.SecurityContext is { } security)
        {
            InternAll(security.Capabilities?.Drop);
            InternAll(security.Capabilities?.Add);
            if (security.SeccompProfile is { } seccomp)
            {
                seccomp.Type = Pool.Intern(seccomp.Type);
            }
        }
    }

    private static void InternAll(IList<string>? values)
    {
        for (var i = 0; i < (values?.Count ?? 0); i++)
        {
            values![i] = Pool.Intern(values[i]);
        }
    }

    /// <summary>Drops the annotations nobody reads, the generateName and finalizers, and every label but <paramref name="keep"/>.</summary>
    private static void Metadata(V1ObjectMeta metadata, params ReadOnlySpan<string> keep)
    {
        metadata.Annotations = null;
        metadata.GenerateName = null;
        metadata.Finalizers = null;
        if (metadata.Labels is not { } labels)
        {
            return;
        }

        var kept = new Dictionary<string, string>(keep.Length, StringComparer.Ordinal);
        foreach (var key in keep)
        {
            if (labels.TryGetValue(key, out var value))
            {
                kept[key] = value;
            }
        }

        metadata.Labels = kept;
    }
}
