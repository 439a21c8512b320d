using k8s;
using k8s.Models;

namespace StudyOperator.Manifests;

/// <summary>Creates the StudyLab CRD and waits until the API server serves it (Established), as `kubectl wait` would.</summary>
internal static class CrdInstaller
{
    public static async Task InstallAsync(IKubernetes client, V1CustomResourceDefinition? crd = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        crd ??= KubernetesJson.Deserialize<V1CustomResourceDefinition>(CrdGenerator.Generate().ToJsonString());
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(20));
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (!IsEstablished(await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd.Metadata.Name, cancellationToken: deadline.Token)))
            {
                await ticks.WaitForNextTickAsync(deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the CRD {crd.Metadata.Name} did not become Established within {timeout ?? TimeSpan.FromSeconds(20)}");
        }
    }

    private static bool IsEstablished(V1CustomResourceDefinition crd) =>
        crd.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true;
}
