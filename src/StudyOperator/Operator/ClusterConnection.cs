using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace StudyOperator.Operator;

/// <summary>
/// Finds the cluster the way kubectl does — an explicit kubeconfig, then KUBECONFIG, then
/// ~/.kube/config, then the in-cluster service account — and turns every way that can fail into
/// one sentence that names the file or address at fault.
/// </summary>
internal static class ClusterConnection
{
    /// <summary>
    /// A deserializer for the kubeconfig alone, set up like KubernetesClient's own (camelCase names, unknown keys
    /// ignored; the kubeconfig model's YAML aliases apply). The client's loader, KubernetesYaml, first builds YAML
    /// mappings for all of its thousands of model types and keeps them for the process's life — about 30 MB of
    /// resident memory for reading one small file (docs/benchmarks.md).
    /// </summary>
    private static readonly IDeserializer KubeconfigDeserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

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
            var config = KubernetesClientConfiguration.BuildConfigFromConfigObject(Load(path));
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

    /// <summary>The file as KubernetesClient's kubeconfig model; relative certificate and key paths resolve against its directory, as kubectl's do.</summary>
    private static K8SConfiguration Load(string path)
    {
        using var reader = File.OpenText(path);
        var config = KubeconfigDeserializer.Deserialize<K8SConfiguration?>(reader) ?? throw new KubeConfigException("the file is empty");
        config.FileName = Path.GetFullPath(path);
        return config;
    }
}
