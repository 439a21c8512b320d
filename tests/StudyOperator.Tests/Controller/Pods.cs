using k8s.Models;

namespace StudyOperator.Tests.Controller;

/// <summary>Small objects for informer and controller tests.</summary>
internal static class Pods
{
    public static V1Pod Pod(string name, string resourceVersion, string ns = "lab") => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, ResourceVersion = resourceVersion },
    };

    /// <summary>A BOOKMARK event object: only the resourceVersion is meaningful.</summary>
    public static V1Pod Bookmark(string resourceVersion) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { ResourceVersion = resourceVersion },
    };
}
