using System.Net;

namespace StudyOperator.Sandbox.Node;

/// <summary>Where probes go: the pod IP and the container's named ports (<c>ports[].name</c> → containerPort).</summary>
internal sealed record ProbeTarget(IPAddress PodIp, IReadOnlyDictionary<string, int> NamedPorts)
{
    public ProbeTarget(IPAddress podIp) : this(podIp, new Dictionary<string, int>())
    {
    }
}
