using k8s;
using StudyOperator.Api.V1Alpha1;

namespace StudyOperator.Reconciliation;

/// <summary>
/// Writes a lab's status through the status subresource, once per reconcile and only when it
/// changed. The write carries the cached resourceVersion, so a concurrent change is a 409 and
/// the reconcile runs again on fresh data instead of overwriting it.
/// </summary>
internal sealed class LabStatusWriter(IKubernetes client)
{
    public static bool Differs(V1Alpha1StudyLabStatus? current, V1Alpha1StudyLabStatus next) =>
        current is null || KubernetesJson.Serialize(current) != KubernetesJson.Serialize(next);

    public async Task<bool> WriteIfChangedAsync(V1Alpha1StudyLab lab, V1Alpha1StudyLabStatus status, CancellationToken cancellationToken)
    {
        if (!Differs(lab.Status, status))
        {
            return false;
        }

        var body = new V1Alpha1StudyLab { Metadata = lab.Metadata, Spec = lab.Spec, Status = status };
        await client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(
            body, StudyLabGroup.Group, StudyLabGroup.Version, lab.Metadata.NamespaceProperty, StudyLabGroup.Plural, lab.Metadata.Name,
            cancellationToken: cancellationToken);
        return true;
    }
}
