using k8s;
using k8s.Exceptions;

namespace StudyOperator.Operator;

/// <summary>
/// Finds the cluster the way kubectl does — an explicit kubeconfig, then KUBECONFIG, then
/// ~/.kube/config, then the in-cluster service account — and turns every way that can fail into
/// one sentence that names the file or address at fault.
/// </summary>
internal static class ClusterConnection
{
    public static KubernetesClientConfiguration Resolve(string? explicitPath, Func<string, string?> environment, string homeDirectory)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return FromFile(explicitPath, "--kubeconfig");
        }

        if (environment("KUBECONFIG") is { Length: > 0 } fromEnvironment)
        {
            var first = fromEnvironment.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(File.Exists)
                ?? throw new ClusterConnectionException($"KUBECONFIG names no existing file ({fromEnvironment}).");
            return FromFile(first, "KUBECONFIG");
        }

        var home = Path.Combine(homeDirectory, ".kube", "config");
        if (File.Exists(home))
        {
            return FromFile(home, "~/.kube/config");
        }

        if (KubernetesClientConfiguration.IsInCluster())
        {
            try
            {
                return KubernetesClientConfiguration.InClusterConfig();
            }
            catch (KubeConfigException e)
            {
                throw new ClusterConnectionException($"in-cluster configuration is incomplete: {e.Message}", e);
            }
        }

        throw new ClusterConnectionException("no cluster configured: pass --kubeconfig, set KUBECONFIG, create ~/.kube/config, or run inside a cluster.");
    }

    private static KubernetesClientConfiguration FromFile(string path, string origin)
    {
        if (!File.Exists(path))
        {
            throw new ClusterConnectionException($"kubeconfig {path} (from {origin}) does not exist.");
        }

        try
        {
            var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
            if (string.IsNullOrEmpty(config.Host))
            {
                throw new ClusterConnectionException($"kubeconfig {path} names no server for its current context.");
            }

            return config;
        }
        catch (KubeConfigException e)
        {
            throw new ClusterConnectionException($"kubeconfig {path} is not usable: {e.Message}", e);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ClusterConnectionException($"kubeconfig {path} is not valid YAML (line {e.Start.Line}): {e.Message}", e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or NullReferenceException)
        {
            // The client throws a variety of exceptions for structurally odd files; all mean the same to a user.
            throw new ClusterConnectionException($"kubeconfig {path} is not usable: {e.Message}", e);
        }
    }
}
