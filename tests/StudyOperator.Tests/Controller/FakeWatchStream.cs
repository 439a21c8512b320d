using System.Threading.Channels;
using k8s;
using k8s.Models;

namespace StudyOperator.Tests.Controller;

/// <summary>One open watch of <see cref="FakeListWatchSource{T}"/>: emit events, close it, or end it with an error.</summary>
internal sealed class FakeWatchStream<T>(string resourceVersion)
{
    private readonly Channel<(WatchEventType Type, T? Object, Exception? Error)> steps =
        Channel.CreateUnbounded<(WatchEventType, T?, Exception?)>();

    /// <summary>The resourceVersion the informer asked to watch from.</summary>
    public string ResourceVersion { get; } = resourceVersion;

    internal ChannelReader<(WatchEventType Type, T? Object, Exception? Error)> Steps => steps.Reader;

    public void Emit(WatchEventType type, T obj) => steps.Writer.TryWrite((type, obj, null));

    /// <summary>The server ends the stream (e.g. its timeoutSeconds ran out).</summary>
    public void Close() => steps.Writer.TryComplete();

    public void Fail(Exception error)
    {
        steps.Writer.TryWrite((default, default, error));
        steps.Writer.TryComplete();
    }

    /// <summary>What KubernetesClient surfaces for an ERROR event with a 410 Status.</summary>
    public void Expire() => Fail(new KubernetesException(new V1Status { Code = 410, Reason = "Expired", Message = "too old resource version" }));
}
