using System.Globalization;
using StudyOperator.Api.V1Alpha1;

namespace StudyOperator.Labs;

/// <summary>
/// The short lesson of a finished step, in the lab's language, built from the numbers the step measured and tied to
/// the concept it shows: the ReplicaSet and RTO, Service L4 balancing, readiness probes, failover and SLAs.
/// </summary>
internal static class LabLessons
{
    public static string SelfHealing(LabLanguage language, int replicas, int podsPerRound, IReadOnlyList<long> recoveryMs, int interrupted)
    {
        if (recoveryMs.Count == 0)
        {
            return language == LabLanguage.Korean
                ? "모든 라운드가 오퍼레이터 재시작으로 중단되어 복구 시간을 측정하지 못했습니다. 측정되지 않은 값은 보고하지 않습니다."
                : "Every round was interrupted by an operator restart, so no recovery time was measured; unmeasured numbers are not reported.";
        }

        var p50 = Percentile.NearestRank(recoveryMs, 50);
        var max = recoveryMs.Max();
        var skipped = interrupted == 0 ? "" : language == LabLanguage.Korean
            ? $" {N(interrupted)}개 라운드는 오퍼레이터 재시작으로 중단되어 제외했습니다."
            : $" {N(interrupted)} interrupted round(s) are left out.";
        return language == LabLanguage.Korean
            ? $"파드 {N(podsPerRound)}개를 삭제할 때마다 ReplicaSet이 원하는 상태({N(replicas)}개)와 실제 상태의 차이를 보고 새 파드를 만들었습니다. 복구 시간 중앙값 {N(p50)} ms, 최대 {N(max)} ms — 이것이 이 클러스터에서 파드 장애의 관측된 RTO입니다. 최악의 값(최대)으로 목표 RTO를 잡으세요.{skipped}"
            : $"Each time {N(podsPerRound)} pod(s) were deleted, the ReplicaSet saw fewer pods than the {N(replicas)} it wants and created replacements. Recovery took {N(p50)} ms at the median and {N(max)} ms at worst: that is the observed RTO for losing a pod on this cluster. Plan an RTO target from the worst round, not the median.{skipped}";
    }

    public static string LoadBalancing(LabLanguage language, long requests, int pods, string? balance, bool keepAlive)
    {
        var figure = balance ?? "-";
        if (keepAlive)
        {
            return language == LabLanguage.Korean
                ? $"연결을 재사용(keep-alive)하여 {N(requests)}개 요청을 보냈고, 파드 {N(pods)}개에 걸친 균형 값(최다/최소 응답 비율)은 {figure}입니다. Service(kube-proxy)는 요청이 아니라 TCP 연결을 L4에서 분산하므로, 연결을 유지하면 요청이 한 파드에 몰립니다."
                : $"{N(requests)} requests went over reused (keep-alive) connections; the balance figure (busiest/quietest pod's answers) across {N(pods)} pod(s) is {figure}. A Service balances TCP connections at L4, not requests, so a kept-alive connection sticks to one pod.";
        }

        return language == LabLanguage.Korean
            ? $"요청마다 새 연결로 {N(requests)}개 요청을 보냈고, 파드 {N(pods)}개에 걸친 균형 값(최다/최소 응답 비율)은 {figure}입니다(1.00이면 완전히 균등). Service(kube-proxy)는 새 TCP 연결마다 엔드포인트를 무작위로 골라 L4에서 분산하므로, 요청이 많을수록 1.00에 가까워집니다."
            : $"{N(requests)} requests, each on a new connection, gave a balance figure (busiest/quietest pod's answers) of {figure} across {N(pods)} pod(s); 1.00 is perfectly even. A Service balances at L4: kube-proxy picks an endpoint per new TCP connection, so more requests bring the figure closer to 1.00.";
    }

    public static string Failover(LabLanguage language, string pod, long? detectionMs, long? failedDuring, long? failedAfter, long requests, long failed)
    {
        if (detectionMs is null || failedDuring is null || failedAfter is null)
        {
            return language == LabLanguage.Korean
                ? $"파드 {pod}의 readiness 검사가 실패하자 Service 엔드포인트에서 빠졌지만, 그 사이 오퍼레이터가 재시작되어 감지 시간은 측정하지 못했습니다. 전체 {N(requests)}개 요청 중 {N(failed)}개가 실패했습니다."
                : $"Pod {pod} failed its readiness check and left the Service's endpoints, but the operator restarted in between, so the detection time was not measured. {N(failed)} of {N(requests)} requests failed overall.";
        }

        var rate = requests == 0 ? "0.00" : (100m * (requests - failed) / requests).ToString("0.00", CultureInfo.InvariantCulture);
        return language == LabLanguage.Korean
            ? $"파드 {pod}가 실패하기 시작한 뒤 readiness 프로브가 이를 감지해 Service 엔드포인트에서 빼기까지 {N(detectionMs.Value)} ms가 걸렸습니다. 그동안 {N(failedDuring.Value)}개 요청이 실패했고, 그 후에는 {N(failedAfter.Value)}개만 실패했습니다. 가용성은 {rate}% — 프로브 주기와 실패 임계값이 장애 조치 시간, 곧 SLA에 직접 드러납니다."
            : $"After pod {pod} started failing, its readiness probe took {N(detectionMs.Value)} ms to take it out of the Service's endpoints. {N(failedDuring.Value)} requests failed during detection and {N(failedAfter.Value)} after it. Availability was {rate}%: the probe's period and failure threshold set the failover time, and so what an SLA can promise.";
    }

    /// <summary>
    /// A sentence appended to a step's lesson when background traffic measured the step: what users of the Service saw
    /// while it ran, framed as the availability an SLA promises. Empty when no request fell into the step.
    /// </summary>
    public static string Traffic(LabLanguage language, V1Alpha1TrafficResult traffic)
    {
        if (traffic.Requests == 0 || traffic.Availability is null)
        {
            return "";
        }

        // 99.9% allows one failed request in a thousand: met when failed * 1000 <= requests (integers, no rounding).
        var met = traffic.Failed * 1000 <= traffic.Requests;
        return language == LabLanguage.Korean
            ? $" 이 단계 동안 Service 사용자가 본 가용성은 {traffic.Availability}입니다(백그라운드 요청 {N(traffic.Requests)}개 중 {N(traffic.Failed)}개 실패). 99.9% SLA는 요청 1,000개 중 1개 실패까지 허용하며, 이 단계는 그 기준을 {(met ? "지켰습니다" : "지키지 못했습니다")}."
            : $" Users of the Service saw {traffic.Availability} availability during this step ({N(traffic.Failed)} of {N(traffic.Requests)} background requests failed); a 99.9% SLA allows 1 failure in 1,000, which this step {(met ? "met" : "did not meet")}.";
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
