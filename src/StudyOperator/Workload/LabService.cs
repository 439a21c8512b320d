using k8s.Models;
using StudyOperator.Api.V1Alpha1;

namespace StudyOperator.Workload;

/// <summary>The lab's Service as a pure function of the lab: the spec's port in front of the pods' http port.</summary>
internal static class LabService
{
    public static V1Service Build(V1Alpha1StudyLab lab) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = LabOwnership.ChildMetadata(lab, LabNames.Service(lab)),
        Spec = new V1ServiceSpec
        {
            Type = lab.Spec.Service.Type.ToString(),
            Selector = LabLabels.Selector(lab),
            SessionAffinity = "None",
            Ports =
            [
                new V1ServicePort
                {
                    Name = LabNames.HttpPortName,
                    Protocol = "TCP",
                    Port = lab.Spec.Service.Port,
                    TargetPort = LabNames.HttpPortName,
                    NodePort = lab.Spec.Service.Type == ServiceType.NodePort ? lab.Spec.Service.NodePort : null,
                },
            ],
        },
    };
}
