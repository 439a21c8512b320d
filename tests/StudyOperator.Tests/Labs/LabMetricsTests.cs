using System.Diagnostics.Metrics;
using StudyOperator.Labs;
using StudyOperator.Tests.Workload;

namespace StudyOperator.Tests.Labs;

public sealed class LabMetricsTests
{
    [Fact]
    public void Recovery_answers_and_detection_are_recorded_with_the_lab_as_tags()
    {
        using var meter = new Meter($"{LabMetrics.MeterName}.test.{Guid.NewGuid():N}");
        var metrics = new LabMetrics(meter);
        var seen = new List<(string Instrument, long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == meter)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            seen.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.Start();
        var lab = LabFixtures.Lab();

        metrics.Record(lab, new RecoveryMeasured(2130));
        metrics.Record(lab, new AnswersMeasured("demo-app-1", 104));
        metrics.Record(lab, new DetectionMeasured(1840));

        Assert.Equal(
            [("studyoperator_lab_recovery_duration_milliseconds", 2130L), ("studyoperator_lab_answers_total", 104L), ("studyoperator_lab_failover_detection_milliseconds", 1840L)],
            seen.Select(s => (s.Instrument, s.Value)));
        Assert.All(seen, s => Assert.Equal(("workshop", "demo"), ((string?)s.Tags["namespace"], (string?)s.Tags["lab"])));
        Assert.Equal("demo-app-1", seen[1].Tags["pod"]);
    }

    [Fact]
    public void A_steps_background_traffic_is_counted_by_outcome_with_the_step_type()
    {
        using var meter = new Meter($"{LabMetrics.MeterName}.test.{Guid.NewGuid():N}");
        var metrics = new LabMetrics(meter);
        var seen = new List<(long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == meter && instrument.Name == "studyoperator_lab_traffic_requests_total")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => seen.Add((value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.Start();

        metrics.Record(LabFixtures.Lab(), new TrafficMeasured("Failover", 423, 28));

        Assert.Equal([(395L, "ok"), (28L, "failed")], seen.Select(s => (s.Value, (string?)s.Tags["outcome"])));
        Assert.All(seen, s => Assert.Equal(("workshop", "demo", "Failover"), ((string?)s.Tags["namespace"], (string?)s.Tags["lab"], (string?)s.Tags["step"])));
    }
}
