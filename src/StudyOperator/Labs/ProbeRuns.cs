using StudyOperator.Probe;

namespace StudyOperator.Labs;

/// <summary>Reads a lab's probe Job and its pod from the caches; the result comes from the pod's termination message.</summary>
internal static class ProbeRuns
{
    public static ProbeRunState Read(StepContext context, string jobName)
    {
        var job = context.Observation.Jobs.FirstOrDefault(j =>
            j.Metadata.Name == jobName
            && j.Metadata.NamespaceProperty == context.Namespace
            && LabPods.ControllerUid(j.Metadata) == context.Lab.Metadata.Uid);
        if (job is null)
        {
            return new ProbeRunState.Missing();
        }

        var pods = context.Observation.Pods
            .Where(p => p.Metadata.NamespaceProperty == context.Namespace && LabPods.ControllerUid(p.Metadata) == job.Metadata.Uid)
            .ToList();
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

        return pods.Any(p => p.Status?.ContainerStatuses?.Any(c => c.Name == ProbeJobs.Component && c.State?.Running is not null) == true)
            ? new ProbeRunState.Running()
            : new ProbeRunState.Pending();
    }
}
