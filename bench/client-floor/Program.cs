// The least a KubernetesClient process costs in memory: load a kubeconfig, list the seven kinds the operator
// caches (empty namespace), idle 8 s, print VmRSS. Built twice: JIT (KubernetesClient, like the operator) and
// Native AOT (KubernetesClient.Aot). Run: bench/client-floor/run.sh
using k8s;

var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(args[0]));
var ns = args[1];
await client.CoreV1.ListNamespacedPodAsync(ns);
await client.AppsV1.ListNamespacedDeploymentAsync(ns);
await client.CoreV1.ListNamespacedServiceAsync(ns);
await client.AppsV1.ListNamespacedReplicaSetAsync(ns);
await client.BatchV1.ListNamespacedJobAsync(ns);
await client.DiscoveryV1.ListNamespacedEndpointSliceAsync(ns);
await client.CoreV1.ListNamespacedEventAsync(ns);
await Task.Delay(TimeSpan.FromSeconds(8));
Console.WriteLine(File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("VmRSS", StringComparison.Ordinal)));
