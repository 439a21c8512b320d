using k8s;
using k8s.Models;

namespace StudyOperator.Kube;

/// <summary>
/// Writes core/v1 Events about an object, so `kubectl describe` tells its story. Events are
/// best-effort in Kubernetes: a failed write is reported to the caller, never retried in a loop.
/// </summary>
internal sealed class EventRecorder(IKubernetes client, TimeProvider time, string component, string instance)
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";

    public async Task RecordAsync(IKubernetesObject<V1ObjectMeta> about, string type, string reason, string message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var ns = about.Metadata.NamespaceProperty ?? "default";
        var ev = new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta
            {
                // Kubernetes names events <object>.<unique suffix>; the suffix only needs to be unique.
                Name = $"{about.Metadata.Name}.{now.Ticks:x}{Random.Shared.Next(0x1000):x3}",
                NamespaceProperty = ns,
            },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = about.ApiVersion,
                Kind = about.Kind,
                Name = about.Metadata.Name,
                NamespaceProperty = ns,
                Uid = about.Metadata.Uid,
                ResourceVersion = about.Metadata.ResourceVersion,
            },
            Type = type,
            Reason = reason,
            Message = message.Length > 1024 ? message[..1024] : message,
            Count = 1,
            FirstTimestamp = now,
            LastTimestamp = now,
            Source = new V1EventSource { Component = component },
            ReportingComponent = component,
            ReportingInstance = instance,
        };
        await client.CoreV1.CreateNamespacedEventAsync(ev, ns, cancellationToken: cancellationToken);
    }
}
