using StudyOperator.Sandbox.Diagnostics;

namespace StudyOperator.Sandbox;

/// <summary>How to start a sandbox: the port (0 picks a free one), the initial faults and the retained watch window.</summary>
public sealed record SandboxOptions
{
    public int Port { get; init; }

    public FaultSettings Faults { get; init; } = FaultSettings.None;

    /// <summary>How many recent changes are kept for resuming watches; older resourceVersions answer 410.</summary>
    public int WatchWindow { get; init; } = 20000;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How long after a namespace is marked for deletion the namespace controller starts removing its content.</summary>
    public TimeSpan NamespaceCleanupDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often watches with <c>allowWatchBookmarks=true</c> get a BOOKMARK (the apiserver sends about one a minute).</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs the node: kubelet, EndpointSlice/Endpoints controllers and Service proxies (default). False serves the API
    /// alone, for tests that play the kubelet themselves by writing pod status.
    /// </summary>
    public bool RunNode { get; init; } = true;

    /// <summary>Where pod IPs come from (each pod process binds its own loopback address).</summary>
    public string PodCidr { get; init; } = "127.1.0.0/16";

    /// <summary>
    /// The <c>study-operator</c> build pods of image <c>study-operator</c> run (a .dll runs with <c>dotnet</c>); null looks for
    /// study-operator.dll next to the sandbox, then in src/StudyOperator/bin/&lt;config&gt;/net10.0/.
    /// </summary>
    public string? OperatorExecutable { get; init; }

    /// <summary>More images that run as local processes: image name (registry and tag ignored) → entrypoint command line.</summary>
    public IReadOnlyDictionary<string, string> LocalImages { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
