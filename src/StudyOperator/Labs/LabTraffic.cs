using System.Globalization;
using k8s.Models;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Kube;
using StudyOperator.Probe;

namespace StudyOperator.Labs;

/// <summary>
/// Background traffic (spec.traffic), as pure decisions like the rest of the engine. One probe Job per lab sends
/// requests through the Service from before the first step until the lab ends, and keeps cumulative counters. The
/// reconciler reads them through the pod proxy before each pass (<see cref="PodToRead"/>); the engine stores the
/// reading in a step's status entry when the step starts and when it ends, so a step's window is the difference of two
/// observations on the probe's clock, and an operator restart in between keeps both. A reading that failed leaves the
/// window without numbers and says why; nothing is estimated.
/// </summary>
internal static class LabTraffic
{
    /// <summary>The probe's counters endpoint; a container port of the Job's pod, so the pod proxy can reach it.</summary>
    public const int CountersPort = 8081;

    /// <summary>How long the first step waits for the traffic to flow before running without it.</summary>
    public const long StartTimeoutMs = 60_000;

    public static int Rate(V1Alpha1StudyLab lab) => Math.Clamp(lab.Spec.Traffic?.RequestsPerSecond ?? 0, 0, LabBounds.MaxRequestsPerSecond);

    /// <summary>As long as the probe's caps allow at this rate: at most 10 minutes and 20,000 requests.</summary>
    public static int DurationSeconds(int requestsPerSecond) =>
        (int)Math.Min(ProbeLimits.MaxDuration.TotalSeconds, ProbeLimits.MaxRequests / Math.Clamp(requestsPerSecond, 1, LabBounds.MaxRequestsPerSecond));

    /// <summary>The probe pod whose counters the reconciler reads before this pass: only while the lab runs.</summary>
    public static V1Pod? PodToRead(V1Alpha1StudyLab lab, V1Alpha1StudyLabStatus status, LabObservation observation) =>
        status.Phase is LabPhase.Running && status.Traffic is { } traffic
            ? ProbeRuns.RunningPod(lab, observation, traffic.Job)
            : null;

    /// <summary>
    /// Once the lab runs: records the traffic Job before creating it, and holds the first step until the probe's
    /// counters answer (at most <see cref="StartTimeoutMs"/>), so the first step has a window too. Returns how long to
    /// wait before looking again while holding, or null when the steps may go on.
    /// </summary>
    public static TimeSpan? Hold(V1Alpha1StudyLab lab, V1Alpha1StudyLabStatus status, LabObservation observation, string operatorImage, List<LabAction> actions)
    {
        var rate = Rate(lab);
        if (rate == 0)
        {
            return null;
        }

        if (status.Traffic is null)
        {
            var job = ProbeJobs.Traffic(lab, rate, operatorImage);
            status.Traffic = new V1Alpha1TrafficRun
            {
                Job = job.Metadata.Name,
                RequestsPerSecond = rate,
                RequestedAtMs = observation.NowMs,
                Message = $"starting: probe Job {job.Metadata.Name} sends {N(rate)} requests/s through Service {Workload.LabNames.Service(lab)}",
            };
            actions.Add(new CreateJobAction(job));
            return TimeSpan.FromSeconds(1);
        }

        var traffic = status.Traffic;
        if (status.Steps!.Any(s => s.Phase is not StepPhase.Pending))
        {
            return null; // the first step has started: traffic never holds the lab again
        }

        var waited = observation.NowMs - traffic.RequestedAtMs;
        var state = ProbeRuns.Read(lab, observation, traffic.Job);
        if (observation.Traffic?.Counters is not null)
        {
            traffic.Message = $"running: {N(traffic.RequestsPerSecond)} requests/s through Service {Workload.LabNames.Service(lab)}";
            return null;
        }

        if (state is ProbeRunState.Broken or ProbeRunState.Finished)
        {
            traffic.Message = $"the traffic probe Job {traffic.Job} ended before the first step; the steps run without background traffic";
            return null;
        }

        if (waited > StartTimeoutMs)
        {
            traffic.Message = $"the traffic probe did not answer within {StartTimeoutMs / 1000} s ({observation.Traffic?.Problem ?? "its pod is not running"}); the steps run without it until it does";
            return null;
        }

        if (state is ProbeRunState.Missing && waited > LoadBalancingStep.MissingJobGraceMs)
        {
            // Recorded but not created (a crash between the status write and the create): the same Job again.
            actions.Add(new CreateJobAction(ProbeJobs.Traffic(lab, traffic.RequestsPerSecond, operatorImage)));
        }

        // The probe's endpoint answers a moment after its container runs; a pod event may not come in between.
        return TimeSpan.FromMilliseconds(250);
    }

    /// <summary>The window's first reading, when a step starts.</summary>
    public static V1Alpha1TrafficWindow Open(LabObservation observation) =>
        observation.Traffic?.Counters is { } counters
            ? new V1Alpha1TrafficWindow { Start = counters }
            : new V1Alpha1TrafficWindow { NotMeasured = Cut($"traffic not measured: {Why(observation, "started")}") };

    /// <summary>
    /// The window's last reading, when a step ends: stores it and returns the step's traffic (end − start), or null
    /// with <see cref="V1Alpha1TrafficWindow.NotMeasured"/> saying why there are no numbers.
    /// </summary>
    public static V1Alpha1TrafficResult? Close(V1Alpha1TrafficWindow window, LabObservation observation)
    {
        if (window.Start is not { } start)
        {
            return null;
        }

        if (observation.Traffic?.Counters is not { } end)
        {
            window.NotMeasured = Cut($"traffic not measured: {Why(observation, "ended")}");
            return null;
        }

        if (end.ProbePodUid != start.ProbePodUid || end.Requests < start.Requests || end.Failed < start.Failed)
        {
            window.NotMeasured = "traffic not measured: the traffic probe was replaced during the step, so its counters cannot be subtracted";
            return null;
        }

        window.End = end;
        return Result(end.Requests - start.Requests, end.Failed - start.Failed, end.AtMs - start.AtMs);
    }

    public static V1Alpha1TrafficResult Result(long requests, long failed, long? durationMs) => new()
    {
        Requests = requests,
        Failed = failed,
        Availability = Availability(requests, failed),
        DurationMs = durationMs,
    };

    /// <summary>
    /// Successful requests in percent with two decimals, in integer arithmetic and rounded down, so one failure in
    /// 100,000 shows as 99.99%, never 100.00%. Null without requests: there is nothing to take a share of.
    /// </summary>
    public static string? Availability(long requests, long failed)
    {
        if (requests <= 0)
        {
            return null;
        }

        var basisPoints = (requests - Math.Clamp(failed, 0, requests)) * 10_000 / requests;
        return string.Create(CultureInfo.InvariantCulture, $"{basisPoints / 100}.{basisPoints % 100:00}%");
    }

    /// <summary>The text added to a finished step's message and Event.</summary>
    public static string Describe(V1Alpha1TrafficResult traffic) =>
        string.Create(CultureInfo.InvariantCulture, $"background traffic {traffic.Requests} requests, {traffic.Failed} failed, availability {traffic.Availability ?? "-"}");

    /// <summary>When the lab ends: records the stop request, then asks the probe to stop.</summary>
    public static void Stop(V1Alpha1StudyLab lab, V1Alpha1StudyLabStatus status, LabObservation observation, string session, List<LabAction> actions)
    {
        if (status.Traffic is not { StopRequestedAtMs: null } traffic)
        {
            return;
        }

        traffic.StopRequestedAtMs = observation.NowMs;
        traffic.StopSession = session;
        traffic.Message = "stopping: the lab ended";
        if (ProbeRuns.RunningPod(lab, observation, traffic.Job) is { } pod)
        {
            actions.Add(new StopTrafficAction(lab.Metadata.NamespaceProperty, pod.Metadata.Name, pod.Metadata.Uid));
        }
    }

    /// <summary>
    /// After the lab ended: reads the probe's final totals from its termination message once it has exited, and sends
    /// the stop once more when another operator run asked for it and the probe still runs.
    /// </summary>
    public static void Collect(V1Alpha1StudyLab lab, V1Alpha1StudyLabStatus status, LabObservation observation, string session, List<LabAction> actions, List<LabEvent> events)
    {
        if (status.Traffic is not { FinishedAtMs: null } traffic)
        {
            return;
        }

        if (traffic.StopRequestedAtMs is null)
        {
            Stop(lab, status, observation, session, actions);
            return;
        }

        switch (ProbeRuns.Read(lab, observation, traffic.Job))
        {
            case ProbeRunState.Finished finished:
                var result = finished.Result;
                traffic.FinishedAtMs = observation.NowMs;
                traffic.Total = Result(result.Total, result.Failed.Total, result.DurationMs);
                traffic.Message = string.Create(CultureInfo.InvariantCulture,
                    $"{(result.Complete ? "ran its full duration" : "stopped")}: {result.Total} requests in {result.DurationMs / 1000} s, {result.Failed.Total} failed, availability {traffic.Total.Availability ?? "-"}");
                events.Add(new LabEvent(EventRecorder.Normal, "TrafficStopped", $"background traffic {traffic.Message}"));
                break;
            case ProbeRunState.Broken broken:
                traffic.FinishedAtMs = observation.NowMs;
                traffic.Message = Cut(broken.Reason, 1024);
                events.Add(new LabEvent(EventRecorder.Warning, "TrafficStopped", $"background traffic: {traffic.Message}"));
                break;
            case ProbeRunState.Running when traffic.StopSession != session:
                // The stop may never have been sent (the operator died after recording it): send it once more.
                traffic.StopSession = session;
                if (ProbeRuns.RunningPod(lab, observation, traffic.Job) is { } pod)
                {
                    actions.Add(new StopTrafficAction(lab.Metadata.NamespaceProperty, pod.Metadata.Name, pod.Metadata.Uid));
                }

                break;
        }
    }

    private static string Why(LabObservation observation, string when) =>
        observation.Traffic?.Problem is { } problem
            ? $"the traffic probe did not answer when the step {when} ({problem})"
            : $"the traffic probe was not running when the step {when}";

    private static string Cut(string text, int max = 512) => text.Length <= max ? text : text[..(max - 3)] + "...";

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
