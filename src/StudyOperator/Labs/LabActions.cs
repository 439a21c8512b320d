using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace StudyOperator.Labs;

/// <summary>
/// Performs the engine's actions after their intent is in status. Every action is safe to repeat: a delete carries
/// the recorded UID as a precondition (404 = already gone, 409 = a different pod now has the name: left alone),
/// an existing Job of the same name is left alone, and fault switches set a state rather than toggle it.
/// </summary>
internal sealed class LabActions(IKubernetes client, IPodFaults faults, ILogger<LabActions> logger)
{
    public async Task PerformAsync(IEnumerable<LabAction> actions, CancellationToken cancellationToken)
    {
        foreach (var action in actions)
        {
            await PerformAsync(action, cancellationToken);
        }
    }

    private async Task PerformAsync(LabAction action, CancellationToken cancellationToken)
    {
        switch (action)
        {
            case DeletePodAction delete:
                Log.DeletingPod(logger, delete.Namespace, delete.Name, delete.Uid);
                await IgnoringAsync(
                    () => client.CoreV1.DeleteNamespacedPodAsync(delete.Name, delete.Namespace, new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = delete.Uid } }, cancellationToken: cancellationToken),
                    HttpStatusCode.NotFound, HttpStatusCode.Conflict);
                break;
            case CreateJobAction create:
                Log.CreatingJob(logger, create.Job.Metadata.NamespaceProperty, create.Job.Metadata.Name);
                await IgnoringAsync(
                    () => client.BatchV1.CreateNamespacedJobAsync(create.Job, create.Job.Metadata.NamespaceProperty, cancellationToken: cancellationToken),
                    HttpStatusCode.Conflict);
                break;
            case PodFaultAction fault:
                Log.SendingFault(logger, fault.Mode, fault.Namespace, fault.Name, fault.Uid);
                await faults.SendAsync(fault.Namespace, fault.Name, fault.Port, fault.Mode, cancellationToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, "unknown lab action");
        }
    }

    private static async Task IgnoringAsync<T>(Func<Task<T>> call, params HttpStatusCode[] harmless)
    {
        try
        {
            await call();
        }
        catch (HttpOperationException e) when (e.Response is { } response && harmless.Contains(response.StatusCode))
        {
            // The action already happened, or its target is gone: repeating it changes nothing.
        }
    }
}
