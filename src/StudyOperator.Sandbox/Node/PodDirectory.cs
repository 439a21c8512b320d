namespace StudyOperator.Sandbox.Node;

/// <summary>
/// A pod's private directory on the shared filesystem. Container processes share the host filesystem, so
/// each container's <c>terminationMessagePath</c> is mapped to a file in here and its default working
/// directory and HOME live here too. Deleted with the pod.
/// </summary>
internal sealed class PodDirectory : IDisposable
{
    private PodDirectory(string path) => Path = path;

    public string Path { get; }

    /// <summary>Creates <c>{root}/{namespace}_{name}_{uid}</c>; the root defaults to a folder in the temp directory.</summary>
    public static PodDirectory Create(PodIdentity pod, string? root = null)
    {
        root ??= System.IO.Path.Combine(System.IO.Path.GetTempPath(), "study-sandbox-pods");
        var path = System.IO.Path.Combine(root, $"{pod.Namespace}_{pod.Name}_{pod.Uid}");
        Directory.CreateDirectory(path);
        return new PodDirectory(path);
    }

    /// <summary>The directory of one container, created on first use.</summary>
    public string ContainerDirectory(string containerName)
    {
        var path = System.IO.Path.Combine(Path, containerName);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Where the container's termination message file lives (SANDBOX_TERMINATION_MESSAGE_PATH).</summary>
    public string TerminationMessagePath(string containerName) =>
        System.IO.Path.Combine(ContainerDirectory(containerName), "termination-log");

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
