using System.Globalization;

namespace StudyOperator.Probe;

/// <summary>Finds a Service the way a container does: the kubelet's service variables first, then cluster DNS.</summary>
internal static class ProbeTarget
{
    public const int DefaultServicePort = 80;

    /// <summary>
    /// The kubelet names a service's variables after its name upper-cased with dashes turned into underscores
    /// (kubelet envvars.go makeEnvVariableName): service "demo-app" gives DEMO_APP_SERVICE_HOST and DEMO_APP_SERVICE_PORT.
    /// </summary>
    public static string EnvironmentPrefix(string service) =>
        service.Replace('-', '_').ToUpperInvariant();

    /// <summary>
    /// Resolves <paramref name="service"/> to a URL. Port: <paramref name="port"/>, else {NAME}_SERVICE_PORT, else 80.
    /// Host: {NAME}_SERVICE_HOST, else NAME.NAMESPACE.svc with the namespace from POD_NAMESPACE ("default" when unset).
    /// </summary>
    public static Uri Resolve(string service, int? port, Func<string, string?> environment)
    {
        var prefix = EnvironmentPrefix(service);
        var envHost = environment(prefix + "_SERVICE_HOST");
        var envPort = environment(prefix + "_SERVICE_PORT");

        var resolvedPort = port
            ?? (int.TryParse(envPort, NumberStyles.None, CultureInfo.InvariantCulture, out var fromEnv) ? fromEnv : DefaultServicePort);

        string host;
        if (!string.IsNullOrWhiteSpace(envHost))
        {
            host = envHost.Trim();
            if (host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('['))
                host = $"[{host}]"; // an IPv6 cluster IP
        }
        else
        {
            var ns = environment("POD_NAMESPACE");
            host = $"{service}.{(string.IsNullOrWhiteSpace(ns) ? "default" : ns.Trim())}.svc";
        }

        return new Uri($"http://{host}:{resolvedPort.ToString(CultureInfo.InvariantCulture)}/");
    }
}
