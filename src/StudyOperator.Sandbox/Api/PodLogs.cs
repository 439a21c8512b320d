using System.Collections.Concurrent;
using System.Text;

namespace StudyOperator.Sandbox.Api;

/// <summary>Per-container log text served by <c>pods/{name}/log</c>; the process that runs a container appends to it.</summary>
public sealed class PodLogs
{
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
