using System.Diagnostics.Metrics;
using StudyOperator.Api.V1Alpha1;

namespace StudyOperator.Labs;

/// <summary>
/// The lab results as metrics, the same numbers status and Events carry: recovery times (the observed RTO),
/// answers per pod behind the Service, and failover detection times. Tagged by namespace and lab.
/// </summary>
internal sealed class LabMetrics
{
    public const string MeterName = "StudyOperator.Labs";

    private readonly Histogram<long> recovery;
    private readonly Counter<long> answers;
    private readonly Histogram<long> detection;
    private readonly Counter<long> traffic;

    public LabMetrics(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        recovery = meter.CreateHistogram<long>("studyoperator_lab_recovery_duration_milliseconds", "ms",
            "SelfHealing: time from deleting pods until the Deployment was whole again with replacement pods Ready.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [250, 500, 1000, 2000, 3000, 5000, 10000, 20000, 30000, 60000, 120000] });
        answers = meter.CreateCounter<long>("studyoperator_lab_answers_total", "{request}",
            "LoadBalancing: answers per pod behind the lab's Service.");
        detection = meter.CreateHistogram<long>("studyoperator_lab_failover_detection_milliseconds", "ms",
            "Failover: time from breaking a pod until it left the Service's ready endpoints.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [500, 1000, 2000, 3000, 5000, 10000, 20000, 30000, 60000] });
        traffic = meter.CreateCounter<long>("studyoperator_lab_traffic_requests_total", "{request}",
            "Background traffic (spec.traffic) through the lab's Service during each step, by step type and outcome (ok, failed).");
    }

    public void Record(V1Alpha1StudyLab lab, LabMeasurement measurement)
    {
        var ns = new KeyValuePair<string, object?>("namespace", lab.Metadata.NamespaceProperty);
        var name = new KeyValuePair<string, object?>("lab", lab.Metadata.Name);
        switch (measurement)
        {
            case RecoveryMeasured r:
                recovery.Record(r.Milliseconds, ns, name);
                break;
            case AnswersMeasured a:
                answers.Add(a.Count, ns, name, new KeyValuePair<string, object?>("pod", a.Pod));
                break;
            case DetectionMeasured d:
                detection.Record(d.Milliseconds, ns, name);
                break;
            case TrafficMeasured t:
                var step = new KeyValuePair<string, object?>("step", t.Step);
                traffic.Add(t.Requests - t.Failed, ns, name, step, new KeyValuePair<string, object?>("outcome", "ok"));
                traffic.Add(t.Failed, ns, name, step, new KeyValuePair<string, object?>("outcome", "failed"));
                break;
        }
    }
}
