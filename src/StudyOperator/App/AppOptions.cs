using System.Net;

namespace StudyOperator.App;

/// <summary>Settings of the demo workload (`study-operator app`).</summary>
internal sealed record AppOptions
{
    public const int DefaultPort = 8080;
    public static readonly TimeSpan DefaultDrainDelay = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaxDrainDelay = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MaxStartupDelay = TimeSpan.FromMinutes(5);

    /// <summary>Time Kestrel gets after the drain delay to finish requests that are still running.</summary>
    public static readonly TimeSpan InFlightGrace = TimeSpan.FromSeconds(10);

    /// <summary>Exit code of the `crash` fault, so a crash is told apart from other failures in `lastState.terminated`.</summary>
    public const int CrashExitCode = 3;

    /// <summary>TCP port; 0 lets the OS pick one (tests).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>Address to bind; null means all interfaces.</summary>
    public IPAddress? ListenAddress { get; init; }

    public string PodName { get; init; } = Environment.MachineName;

    public string? Namespace { get; init; }

    public string Version { get; init; } = "v1";

    /// <summary>Simulated start-up work; readiness stays false until it is done.</summary>
    public TimeSpan StartupDelay { get; init; } = TimeSpan.Zero;

    /// <summary>After SIGTERM: not ready at once, but requests are still served this long so endpoints can catch up.</summary>
    public TimeSpan DrainDelay { get; init; } = DefaultDrainDelay;

    /// <summary>False in tests that host the app in-process: the test process keeps its own signal handling.</summary>
    public bool HandleSignals { get; init; } = true;

    /// <summary>Reads the downward-API variables a pod gets (POD_NAME, POD_NAMESPACE, POD_IP) and APP_VERSION.</summary>
    public static AppOptions FromEnvironment(Func<string, string?> environment)
    {
        var defaults = new AppOptions();
        var podIp = environment("POD_IP");
        return defaults with
        {
            PodName = NonEmpty(environment("POD_NAME")) ?? defaults.PodName,
            Namespace = NonEmpty(environment("POD_NAMESPACE")),
            ListenAddress = string.IsNullOrWhiteSpace(podIp) ? null
                : IPAddress.TryParse(podIp.Trim(), out var address) ? address
                : throw new FormatException($"POD_IP '{podIp}' is not an IP address"),
            Version = NonEmpty(environment("APP_VERSION")) ?? defaults.Version,
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
