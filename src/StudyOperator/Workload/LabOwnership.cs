using k8s.Models;
using StudyOperator.Api.V1Alpha1;

namespace StudyOperator.Workload;

/// <summary>The controller ownerReference that ties a child to its lab, so garbage collection removes it with the lab.</summary>
internal static class LabOwnership
{
    public static V1OwnerReference ControllerReference(V1Alpha1StudyLab lab) => new()
    {
        ApiVersion = StudyLabGroup.ApiVersion,
        Kind = StudyLabGroup.Kind,
        Name = lab.Metadata.Name,
        Uid = lab.Metadata.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };

    public static V1ObjectMeta ChildMetadata(V1Alpha1StudyLab lab, string name) => new()
    {
        Name = name,
        NamespaceProperty = lab.Metadata.NamespaceProperty,
        Labels = LabLabels.ForObject(lab),
        OwnerReferences = [ControllerReference(lab)],
    };
}
