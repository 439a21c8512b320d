namespace StudyOperator.Sandbox.Kubelet;

/// <summary>
/// Which images run as real processes and with which entrypoint: the project's own image (repository name
/// <c>study-operator</c>, any registry and tag) runs the locally built <c>study-operator</c>, and
/// <c>--local-image NAME=COMMAND</c> adds more. Every other image is virtual (no process).
/// </summary>
internal sealed class LocalImages
{
    public const string OperatorImage = "study-operator";

    private readonly Dictionary<string, IReadOnlyList<string>> entrypoints = new(StringComparer.Ordinal);

    public LocalImages(string? operatorExecutable, IReadOnlyDictionary<string, string> mappings)
    {
        var executable = operatorExecutable ?? FindOperatorExecutable();
        if (executable is not null)
        {
            entrypoints[OperatorImage] = executable.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? ["dotnet", executable] : [executable];
        }

        foreach (var (name, command) in mappings)
        {
            entrypoints[Repository(name)] = command.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
    }

    /// <summary>The entrypoint (executable and leading arguments) of a local image, or null for a virtual one.</summary>
    public IReadOnlyList<string>? Entrypoint(string? image) =>
        image is not null && entrypoints.TryGetValue(Repository(image), out var entrypoint) ? entrypoint : null;

    /// <summary>Whether a container <c>command[0]</c> names the image's own entrypoint (e.g. <c>study-operator</c> or <c>/study-operator</c>).</summary>
    public static bool IsEntrypointName(string image, string command) =>
        Path.GetFileName(command) == Repository(image);

    /// <summary>The repository's last path segment without registry, tag or digest: <c>ghcr.io/x/study-operator:1.2</c> → <c>study-operator</c>.</summary>
    public static string Repository(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            image = image[..at];
        }

        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        if (colon > slash)
        {
            image = image[..colon];
        }

        return image[(slash + 1)..];
    }

    /// <summary>study-operator.dll next to the sandbox (tests reference both projects), else in the sibling project's build output.</summary>
    public static string? FindOperatorExecutable()
    {
        var local = Path.Combine(AppContext.BaseDirectory, "study-operator.dll");
        if (File.Exists(local))
        {
            return local;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var bin = Path.Combine(dir.FullName, "src", "StudyOperator", "bin");
            if (!Directory.Exists(bin))
            {
                continue;
            }

            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Debug";
            foreach (var candidate in new[] { configuration, "Release", "Debug" })
            {
                var path = Path.Combine(bin, candidate, "net10.0", "study-operator.dll");
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        return null;
    }
}
