using StudyOperator.Api.V1Alpha1;
using StudyOperator.Controller;

namespace StudyOperator.Operator;

/// <summary>
/// Limits reconciles to the configured namespaces when more than one is watched (the informers
/// then list all namespaces; with one namespace they are scoped to it on the server).
/// </summary>
internal sealed class NamespaceFilter(IReconciler<V1Alpha1StudyLab> inner, IList<string> namespaces) : IReconciler<V1Alpha1StudyLab>
{
    private readonly HashSet<string> _namespaces = [.. namespaces];

    public Task<ReconcileResult> ReconcileAsync(V1Alpha1StudyLab obj, CancellationToken cancellationToken) =>
        _namespaces.Count == 0 || _namespaces.Contains(obj.Metadata.NamespaceProperty ?? "")
            ? inner.ReconcileAsync(obj, cancellationToken)
            : Task.FromResult(ReconcileResult.Done());
}
