using System.Collections.Concurrent;
using System.Text;

namespace StudyOperator.Sandbox.Api;

/// <summary>Per-container log text served by <c>pods/{name}/log</c>; the process that runs a container appends to it.</summary>
public sealed class PodLogs
{
    /// <summary>The node's logs of the containers it runs: (namespace, pod, container, previous) → the log or the kubelet's error; null when it runs no such pod.</summary>
    internal Func<string, string, string, bool, Node.ContainerLogLookup?>? Source { get; set; }

    internal Node.ContainerLogLookup? Lookup(string ns, string pod, string container, bool previous) => Source?.Invoke(ns, pod, container, previous);

    private readonly ConcurrentDictionary<(string Namespace, string Pod, string Container), StringBuilder> logs = new();

    public void Append(string ns, string pod, string container, string text)
    {
        var sb = logs.GetOrAdd((ns, pod, container), _ => new StringBuilder());
        lock (sb)
        {
            sb.Append(text);
        }
    }

    /// <summary>The container's log, or null when the container has not started.</summary>
    public string? Read(string ns, string pod, string container)
    {
        if (!logs.TryGetValue((ns, pod, container), out var sb))
        {
            return null;
        }

        lock (sb)
        {
            return sb.ToString();
        }
    }

    public void Remove(string ns, string pod)
    {
        foreach (var key in logs.Keys.Where(k => k.Namespace == ns && k.Pod == pod))
        {
            logs.TryRemove(key, out _);
        }
    }
}
