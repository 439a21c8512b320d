using System.Collections.Concurrent;
using k8s.Models;
using StudyOperator.Controller;

namespace StudyOperator.Tests.Controller;

/// <summary>A reconciler that records what it was asked and answers with a scripted function.</summary>
internal sealed class RecordingReconciler(Func<V1Pod, ReconcileResult>? answer = null) : IReconciler<V1Pod>
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public Task<ReconcileResult> ReconcileAsync(V1Pod obj, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"reconcile {obj.Metadata.NamespaceProperty}/{obj.Metadata.Name}@{obj.Metadata.ResourceVersion}");
        return Task.FromResult(answer?.Invoke(obj) ?? ReconcileResult.Done());
    }

    public Task<ReconcileResult> ReconcileDeletedAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"deleted {key}");
        return Task.FromResult(ReconcileResult.Done());
    }
}
