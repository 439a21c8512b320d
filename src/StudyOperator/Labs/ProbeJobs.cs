using System.Globalization;
using k8s.Models;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Workload;

namespace StudyOperator.Labs;

/// <summary>
/// Builds the in-cluster probe Jobs of a lab as pure functions: the operator's image running
/// <c>study-operator probe</c> against the lab's Service, restricted security context, no retries, owned by the lab.
/// Probe pods carry the lab label but another component than the demo app, so the Service never selects them.
/// </summary>
internal static class ProbeJobs
{
    public const string Component = "probe";
    public const string StepLabel = "labs.study.dev/step";
    public const int TtlSecondsAfterFinished = 600;

    public static string Name(V1Alpha1StudyLab lab, int stepIndex, StepType type) =>
        $"{lab.Metadata.Name}-{stepIndex + 1}-{(type == StepType.Failover ? "fo" : "lb")}";

    /// <summary>A fixed number of requests (count mode).</summary>
    public static V1Job LoadBalancing(V1Alpha1StudyLab lab, int stepIndex, V1Alpha1LoadBalancingParameters parameters, string operatorImage)
    {
        List<string> args =
        [
            "--requests", Clamp(parameters.Requests, 10, 10_000),
            "--concurrency", Clamp(parameters.Concurrency, 1, 20),
        ];
        if (!parameters.NewConnectionPerRequest)
        {
            args.Add("--keep-alive");
        }

        return Build(lab, Name(lab, stepIndex, StepType.LoadBalancing), stepIndex, args, operatorImage);
    }

    /// <summary>Traffic at a fixed rate for the observation window (rate mode), with a new connection per request.</summary>
    public static V1Job Failover(V1Alpha1StudyLab lab, int stepIndex, V1Alpha1FailoverParameters parameters, string operatorImage) =>
        Build(lab, Name(lab, stepIndex, StepType.Failover), stepIndex,
        [
            "--duration", Clamp(parameters.ObserveSeconds, 5, 120) + "s",
            "--rate", Clamp(parameters.RequestsPerSecond, 1, LabBounds.MaxRequestsPerSecond),
        ],
        operatorImage);

    public static string TrafficName(V1Alpha1StudyLab lab) => $"{lab.Metadata.Name}-traffic";

    /// <summary>
    /// Background traffic for the whole lab (spec.traffic): rate mode for as long as the probe's caps allow, with its
    /// counters endpoint on <see cref="LabTraffic.CountersPort"/> of the pod IP, declared as a container port so the pod
    /// proxy reaches it. The engine stops it when the lab ends.
    /// </summary>
    public static V1Job Traffic(V1Alpha1StudyLab lab, int requestsPerSecond, string operatorImage)
    {
        var job = Build(lab, TrafficName(lab), null,
        [
            "--duration", LabTraffic.DurationSeconds(requestsPerSecond).ToString(CultureInfo.InvariantCulture) + "s",
            "--rate", Math.Clamp(requestsPerSecond, 1, LabBounds.MaxRequestsPerSecond).ToString(CultureInfo.InvariantCulture),
            "--counters-port", LabTraffic.CountersPort.ToString(CultureInfo.InvariantCulture),
        ],
        operatorImage);
        var container = job.Spec.Template.Spec.Containers[0];
        container.Ports = [new V1ContainerPort { Name = "counters", ContainerPort = LabTraffic.CountersPort, Protocol = "TCP" }];
        container.Env.Add(new V1EnvVar { Name = "POD_IP", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { ApiVersion = "v1", FieldPath = "status.podIP" } } });
        return job;
    }

    private static V1Job Build(V1Alpha1StudyLab lab, string name, int? stepIndex, IEnumerable<string> modeArgs, string operatorImage)
    {
        var labels = new Dictionary<string, string>(LabLabels.ForObject(lab))
        {
            [LabLabels.Component] = Component,
        };
        if (stepIndex is { } index)
        {
            labels[StepLabel] = (index + 1).ToString(CultureInfo.InvariantCulture);
        }

        var metadata = LabOwnership.ChildMetadata(lab, name);
        metadata.Labels = labels;
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = metadata,
            Spec = new V1JobSpec
            {
                BackoffLimit = 0,
                TtlSecondsAfterFinished = TtlSecondsAfterFinished,
                // The probe stops itself after at most 11 minutes; this is the cluster's guarantee on top.
                ActiveDeadlineSeconds = 15 * 60,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels) },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        AutomountServiceAccountToken = false,
                        EnableServiceLinks = true,
                        SecurityContext = RestrictedSecurity.Pod(),
                        Containers =
                        [
                            new V1Container
                            {
                                Name = Component,
                                Image = LabDeployment.ImageOf(lab, operatorImage),
                                ImagePullPolicy = "IfNotPresent",
                                Args = ["probe", "--service", LabNames.Service(lab), "--port", lab.Spec.Service.Port.ToString(CultureInfo.InvariantCulture), .. modeArgs],
                                Env =
                                [
                                    // Cluster DNS fallback when the Service's environment variables are missing.
                                    new V1EnvVar { Name = "POD_NAMESPACE", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { ApiVersion = "v1", FieldPath = "metadata.namespace" } } },
                                    new V1EnvVar { Name = "DOTNET_EnableDiagnostics", Value = "0" },
                                ],
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("10m"), ["memory"] = new("48Mi") },
                                    Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m"), ["memory"] = new("128Mi") },
                                },
                                SecurityContext = RestrictedSecurity.Container(),
                                TerminationMessagePath = "/dev/termination-log",
                                TerminationMessagePolicy = "File",
                            },
                        ],
                    },
                },
            },
        };
    }

    private static string Clamp(int value, int min, int max) => Math.Clamp(value, min, max).ToString(CultureInfo.InvariantCulture);
}
