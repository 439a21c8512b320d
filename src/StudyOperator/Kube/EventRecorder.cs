using System.Threading.Channels;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using StudyOperator.Controller;

namespace StudyOperator.Kube;

/// <summary>
/// Writes core/v1 Events about an object, so `kubectl describe` tells its story. Like client-go's recorder it is
/// asynchronous and best-effort: <see cref="Record"/> queues the Event and returns, <see cref="RunAsync"/> sends the
/// queue, and a failed or overflowing write is logged and dropped. A reconcile never waits on an Event, and an Event
/// the API refuses never makes a reconcile fail and repeat work that already succeeded.
/// </summary>
internal sealed partial class EventRecorder(IKubernetes client, TimeProvider time, string component, string instance, ILogger<EventRecorder> logger)
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";

    /// <summary>Events waiting to be sent; beyond this many, new ones are dropped (an Event storm must not grow memory).</summary>
    public const int Capacity = 1000;

    /// <summary>
    /// Events sent at once. Order between them does not matter (`kubectl describe` sorts by the timestamps taken at
    /// <see cref="Record"/>); one at a time, Events fell seconds behind their labs when a thousand labs started together.
    /// </summary>
    public const int Senders = 4;

    private readonly Channel<Corev1Event> pending = Channel.CreateBounded<Corev1Event>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait });

    public void Record(IKubernetesObject<V1ObjectMeta> about, string type, string reason, string message)
    {
        var ev = Build(about, type, reason, message);
        if (!pending.Writer.TryWrite(ev))
        {
            Dropped(logger, reason, ev.Metadata.NamespaceProperty, about.Metadata.Name, "the queue is full");
        }
    }

    /// <summary>Sends queued Events until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => SendAsync(cancellationToken)));

    private async Task SendAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var ev in pending.Reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    await client.CoreV1.CreateNamespacedEventAsync(ev, ev.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
                }
                catch (Exception ex) when (KubernetesErrors.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
                {
                    Dropped(logger, ev.Reason, ev.Metadata.NamespaceProperty, ev.InvolvedObject.Name, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: Events still queued are dropped, as client-go's are.
        }
    }

    private Corev1Event Build(IKubernetesObject<V1ObjectMeta> about, string type, string reason, string message)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var ns = about.Metadata.NamespaceProperty ?? "default";
        return new Corev1Event
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
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Event {Reason} about {Namespace}/{Name} dropped: {Why}")]
    private static partial void Dropped(ILogger logger, string reason, string? @namespace, string name, string why);
}
