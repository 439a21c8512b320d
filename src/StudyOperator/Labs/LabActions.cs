using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Probe;

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
            case StopTrafficAction stop:
                await StopTrafficAsync(stop, cancellationToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, "unknown lab action");
        }
    }

    /// <summary>
    /// Reads the background probe's cumulative counters (<c>GET /counters</c> through the pod proxy). Never throws for
    /// an unreachable probe: the reading then says why, and the engine records that instead of numbers.
    /// </summary>
    public async Task<TrafficReading> ReadTrafficAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pod);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TrafficReadTimeout);
        try
        {
            var body = await PodProxy.SendAsync(client, HttpMethod.Get, pod.Metadata.NamespaceProperty, pod.Metadata.Name, LabTraffic.CountersPort, "counters", null, timeout.Token);
            var counters = JsonSerializer.Deserialize(body, ProbeJsonContext.Default.ProbeCountersSnapshot)
                ?? throw new JsonException("null");
            return TrafficReading.Of(new V1Alpha1TrafficCounters
            {
                Requests = counters.Requests,
                Failed = counters.Failed,
                AtMs = counters.AtMs,
                ProbePodUid = pod.Metadata.Uid,
            });
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TrafficReading.Unavailable($"no answer within {TrafficReadTimeout.TotalSeconds:0} s");
        }
        catch (HttpOperationException e)
        {
            return TrafficReading.Unavailable($"GET /counters through the pod proxy answered {(int?)e.Response?.StatusCode ?? 0}");
        }
        catch (HttpRequestException e)
        {
            return TrafficReading.Unavailable(e.Message);
        }
        catch (JsonException e)
        {
            return TrafficReading.Unavailable($"the answer is not the probe's counters: {e.Message}");
        }
    }

    private static readonly TimeSpan TrafficReadTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Asks the background probe to stop. A probe that cannot be reached is left to end by itself (its duration is
    /// bounded): a failed stop is logged, not retried by failing the pass, because the lab's outcome is already written.
    /// </summary>
    private async Task StopTrafficAsync(StopTrafficAction stop, CancellationToken cancellationToken)
    {
        Log.StoppingTraffic(logger, stop.Namespace, stop.Name, stop.Uid);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TrafficReadTimeout);
            await PodProxy.SendAsync(client, HttpMethod.Post, stop.Namespace, stop.Name, LabTraffic.CountersPort, "stop", null, timeout.Token);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Log.TrafficStopFailed(logger, stop.Namespace, stop.Name, e.Message);
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
