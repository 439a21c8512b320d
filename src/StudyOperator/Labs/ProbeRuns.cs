using k8s.Models;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Probe;

namespace StudyOperator.Labs;

/// <summary>Reads a lab's probe Job and its pod from the caches; the result comes from the pod's termination message.</summary>
internal static class ProbeRuns
{
    public static ProbeRunState Read(StepContext context, string jobName) => Read(context.Lab, context.Observation, jobName);

    public static ProbeRunState Read(V1Alpha1StudyLab lab, LabObservation observation, string jobName)
    {
        var job = Job(lab, observation, jobName);
        if (job is null)
        {
            return new ProbeRunState.Missing();
        }

        var pods = PodsOf(lab, observation, job);
        foreach (var pod in pods)
        {
            var terminated = pod.Status?.ContainerStatuses?.FirstOrDefault(c => c.Name == ProbeJobs.Component)?.State?.Terminated;
            if (terminated is null)
            {
                continue;
            }

            if (ProbeResultJson.TryParse(terminated.Message, out var result))
            {
                return new ProbeRunState.Finished(result!);
            }

            return new ProbeRunState.Broken($"probe pod {pod.Metadata.Name} ended (exit code {terminated.ExitCode}, {terminated.Reason ?? "no reason"}) without a readable result in its termination message");
        }

        if (job.Status?.Conditions?.FirstOrDefault(c => c.Type == "Failed" && c.Status == "True") is { } failed)
        {
            return new ProbeRunState.Broken($"probe Job {jobName} failed: {failed.Reason} {failed.Message}".TrimEnd());
        }

        return pods.Any(IsRunning)
            ? new ProbeRunState.Running()
            : new ProbeRunState.Pending();
    }

    /// <summary>The pod of the lab's Job whose probe container runs now (the one to read counters from or stop), if any.</summary>
    public static V1Pod? RunningPod(V1Alpha1StudyLab lab, LabObservation observation, string jobName) =>
        Job(lab, observation, jobName) is { } job
            ? PodsOf(lab, observation, job).FirstOrDefault(p => IsRunning(p) && !LabPods.IsTerminating(p))
            : null;

    private static V1Job? Job(V1Alpha1StudyLab lab, LabObservation observation, string jobName) =>
        observation.Jobs.FirstOrDefault(j =>
            j.Metadata.Name == jobName
            && j.Metadata.NamespaceProperty == lab.Metadata.NamespaceProperty
            && LabPods.ControllerUid(j.Metadata) == lab.Metadata.Uid);

    private static List<V1Pod> PodsOf(V1Alpha1StudyLab lab, LabObservation observation, V1Job job) =>
        [.. observation.Pods.Where(p => p.Metadata.NamespaceProperty == lab.Metadata.NamespaceProperty && LabPods.ControllerUid(p.Metadata) == job.Metadata.Uid)];

    private static bool IsRunning(V1Pod pod) =>
        pod.Status?.ContainerStatuses?.Any(c => c.Name == ProbeJobs.Component && c.State?.Running is not null) == true;
}
