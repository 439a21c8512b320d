using System.Net;

namespace StudyOperator.Sandbox.Node;

/// <summary>The pod a container belongs to, as its processes see it through the downward API.</summary>
internal sealed record PodIdentity(string Namespace, string Name, string Uid, IPAddress PodIp)
{
    /// <summary>The kubelet's format.Pod: <c>name_namespace(uid)</c>, used in CrashLoopBackOff messages.</summary>
    public override string ToString() => $"{Name}_{Namespace}({Uid})";
}
