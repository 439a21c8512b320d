using k8s.Models;
using StudyOperator.Api.V1Alpha1;

namespace StudyOperator.Workload;

/// <summary>
/// The lab's demo Deployment as a pure function of the lab: pods run `study-operator app`, expose
/// the probes the spec asks for, and meet the Kubernetes "restricted" Pod Security profile.
/// </summary>
internal static class LabDeployment
{
    public static V1Deployment Build(V1Alpha1StudyLab lab, string operatorImage) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = LabOwnership.ChildMetadata(lab, LabNames.Deployment(lab)),
        Spec = new V1DeploymentSpec
        {
            Replicas = Math.Clamp(lab.Spec.App.Replicas, LabBounds.MinReplicas, LabBounds.MaxReplicas),
            RevisionHistoryLimit = 3,
            Selector = new V1LabelSelector { MatchLabels = LabLabels.Selector(lab) },
            Strategy = new V1DeploymentStrategy
            {
                Type = "RollingUpdate",
                RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = "25%", MaxUnavailable = "25%" },
            },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = LabLabels.ForPod(lab) },
                Spec = PodSpec(lab, operatorImage),
            },
        },
    };

    private static V1PodSpec PodSpec(V1Alpha1StudyLab lab, string operatorImage) => new()
    {
        // The demo app never talks to the API server, so it gets no token.
        AutomountServiceAccountToken = false,
        EnableServiceLinks = true,
        TerminationGracePeriodSeconds = 15,
        SecurityContext = RestrictedSecurity.Pod(),
        Containers = [AppContainer(lab, operatorImage)],
    };

    private static V1Container AppContainer(V1Alpha1StudyLab lab, string operatorImage) => new()
    {
        Name = LabNames.AppContainer,
        Image = ImageOf(lab, operatorImage),
        ImagePullPolicy = "IfNotPresent",
        Args = ["app", $"--port={LabNames.HttpPort}"],
        Env =
        [
            new V1EnvVar { Name = "APP_VERSION", Value = lab.Spec.App.Version },
            FieldRef("POD_NAME", "metadata.name"),
            FieldRef("POD_NAMESPACE", "metadata.namespace"),
            FieldRef("POD_IP", "status.podIP"),
            // .NET's diagnostics IPC socket would need a writable /tmp; the root filesystem is read-only.
            new V1EnvVar { Name = "DOTNET_EnableDiagnostics", Value = "0" },
        ],
        Ports = [new V1ContainerPort { Name = LabNames.HttpPortName, ContainerPort = LabNames.HttpPort, Protocol = "TCP" }],
        ReadinessProbe = lab.Spec.App.ReadinessProbe ? HttpProbe("/readyz", periodSeconds: 2, failureThreshold: 2) : null,
        LivenessProbe = lab.Spec.App.LivenessProbe ? HttpProbe("/healthz", periodSeconds: 5, failureThreshold: 3) : null,
        Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("10m"), ["memory"] = new("48Mi") },
            Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m"), ["memory"] = new("128Mi") },
        },
        SecurityContext = RestrictedSecurity.Container(),
        TerminationMessagePath = "/dev/termination-log",
        TerminationMessagePolicy = "File",
    };

    /// <summary>The image of every pod a lab runs: the spec's image, else the operator's own (one image, three roles).</summary>
    public static string ImageOf(V1Alpha1StudyLab lab, string operatorImage) =>
        string.IsNullOrEmpty(lab.Spec.App.Image) ? operatorImage : lab.Spec.App.Image;

    private static V1Probe HttpProbe(string path, int periodSeconds, int failureThreshold) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = LabNames.HttpPortName, Scheme = "HTTP" },
        PeriodSeconds = periodSeconds,
        TimeoutSeconds = 1,
        SuccessThreshold = 1,
        FailureThreshold = failureThreshold,
    };

    private static V1EnvVar FieldRef(string name, string fieldPath) => new()
    {
        Name = name,
        ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { ApiVersion = "v1", FieldPath = fieldPath } },
    };
}
