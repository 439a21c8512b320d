using System.Text.RegularExpressions;
using k8s;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Labs;
using StudyOperator.Tests.Workload;
using StudyOperator.Workload;

namespace StudyOperator.Tests.Labs;

public sealed partial class PureLabPartsTests
{
    [Theory]
    [InlineData(new long[] { 2130, 1980, 2410 }, 50, 2130)]
    [InlineData(new long[] { 10, 20 }, 50, 10)]
    [InlineData(new long[] { 7 }, 50, 7)]
    [InlineData(new long[] { 5, 1, 4, 2, 3 }, 100, 5)]
    [InlineData(new long[] { 5, 1, 4, 2, 3 }, 1, 1)]
    public void Percentiles_use_the_nearest_rank_and_always_return_an_observed_value(long[] values, int percent, long expected) =>
        Assert.Equal(expected, Percentile.NearestRank(values, percent));

    [Fact]
    public void The_balance_figure_is_the_busiest_over_the_quietest_pod_with_two_decimals()
    {
        var (perPod, figure) = Balance.Compute(new Dictionary<string, int> { ["a"] = 120, ["b"] = 100, ["c"] = 80 }, ["a", "b", "c"]);
        Assert.Equal("1.50", figure);
        Assert.Equal(["a", "b", "c"], perPod.Select(p => p.Pod));
        Assert.Equal(["40.0%", "33.3%", "26.7%"], perPod.Select(p => p.Share));
    }

    [Fact]
    public void An_even_spread_has_balance_one_and_no_answers_has_no_figure()
    {
        Assert.Equal("1.00", Balance.Compute(new Dictionary<string, int> { ["a"] = 50, ["b"] = 50 }, []).Figure);
        Assert.Null(Balance.Compute(new Dictionary<string, int>(), ["a", "b"]).Figure);
    }

    [Fact]
    public void Lessons_carry_the_measured_numbers_in_english_and_korean()
    {
        var en = LabLessons.SelfHealing(LabLanguage.English, 3, 1, [2130, 1980, 2410], 0);
        var ko = LabLessons.SelfHealing(LabLanguage.Korean, 3, 1, [2130, 1980, 2410], 0);
        Assert.Contains("2130 ms", en, StringComparison.Ordinal);
        Assert.Contains("RTO", en, StringComparison.Ordinal);
        Assert.Contains("2130 ms", ko, StringComparison.Ordinal);
        Assert.Contains("2410 ms", ko, StringComparison.Ordinal);
        Assert.Matches(Hangul(), ko);
        Assert.DoesNotMatch(Hangul(), en);

        var failoverKo = LabLessons.Failover(LabLanguage.Korean, "p-1", 1840, 9, 0, 400, 9);
        Assert.Contains("1840 ms", failoverKo, StringComparison.Ordinal);
        Assert.Contains("97.75%", failoverKo, StringComparison.Ordinal);
        Assert.Matches(Hangul(), LabLessons.LoadBalancing(LabLanguage.Korean, 300, 3, "1.08", keepAlive: false));
        Assert.Contains("1.08", LabLessons.LoadBalancing(LabLanguage.English, 300, 3, "1.08", keepAlive: false), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_lesson_fits_the_status_field()
    {
        foreach (var language in Enum.GetValues<LabLanguage>())
        {
            Assert.InRange(LabLessons.SelfHealing(language, 10, 10, [.. Enumerable.Range(1, 20).Select(i => (long)i * 100_000)], 5).Length, 1, 2048);
            Assert.InRange(LabLessons.LoadBalancing(language, 10_000, 10, Balance.Infinite, keepAlive: true).Length, 1, 2048);
            Assert.InRange(LabLessons.Failover(language, new string('p', 253), 300_000, 10_000, 10_000, 20_000, 20_000).Length, 1, 2048);
        }
    }

    [Fact]
    public void A_load_balancing_probe_job_runs_the_operator_image_against_the_service_once_without_retries()
    {
        var lab = LabFixtures.Lab(s => s.Service.Port = 8081);
        var job = ProbeJobs.LoadBalancing(lab, 1, new V1Alpha1LoadBalancingParameters { Requests = 300, Concurrency = 4, NewConnectionPerRequest = false }, LabFixtures.OperatorImage);

        var container = Assert.Single(job.Spec.Template.Spec.Containers);
        Assert.Equal(["probe", "--service", "demo", "--port", "8081", "--requests", "300", "--concurrency", "4", "--keep-alive"], container.Args);
        Assert.Equal(LabFixtures.OperatorImage, container.Image);
        Assert.Equal("demo-2-lb", job.Metadata.Name);
        Assert.Equal("Never", job.Spec.Template.Spec.RestartPolicy);
        Assert.Equal(0, job.Spec.BackoffLimit);
        Assert.NotNull(job.Spec.TtlSecondsAfterFinished);
        var owner = Assert.Single(job.Metadata.OwnerReferences);
        Assert.True(owner.Controller);
        Assert.Equal(lab.Metadata.Uid, owner.Uid);
    }

    [Fact]
    public void Probe_pods_carry_the_lab_label_but_are_never_selected_by_the_labs_service()
    {
        var lab = LabFixtures.Lab();
        var labels = ProbeJobs.Failover(lab, 0, new V1Alpha1FailoverParameters(), LabFixtures.OperatorImage).Spec.Template.Metadata.Labels;
        var selector = LabService.Build(lab).Spec.Selector;

        Assert.Equal("demo", labels[LabLabels.Lab]);
        Assert.False(selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value));
    }

    [Fact]
    public void Probe_jobs_and_demo_pods_share_one_restricted_security_context()
    {
        var lab = LabFixtures.Lab();
        var job = ProbeJobs.LoadBalancing(lab, 0, new V1Alpha1LoadBalancingParameters(), LabFixtures.OperatorImage).Spec.Template.Spec;
        var app = LabDeployment.Build(lab, LabFixtures.OperatorImage).Spec.Template.Spec;

        Assert.Equal(KubernetesJson.Serialize(app.SecurityContext), KubernetesJson.Serialize(job.SecurityContext));
        Assert.Equal(KubernetesJson.Serialize(app.Containers[0].SecurityContext), KubernetesJson.Serialize(job.Containers[0].SecurityContext));
        Assert.False(job.AutomountServiceAccountToken);
        Assert.True(job.Containers[0].SecurityContext.ReadOnlyRootFilesystem);
    }

    [Fact]
    public void Probe_parameters_beyond_the_schema_bounds_are_clamped_in_code()
    {
        var lab = LabFixtures.Lab();
        var lb = ProbeJobs.LoadBalancing(lab, 0, new V1Alpha1LoadBalancingParameters { Requests = 5_000_000, Concurrency = 500 }, LabFixtures.OperatorImage);
        var fo = ProbeJobs.Failover(lab, 0, new V1Alpha1FailoverParameters { ObserveSeconds = 100_000, RequestsPerSecond = 100_000 }, LabFixtures.OperatorImage);

        Assert.Equal(["--requests", "10000", "--concurrency", "20"], lb.Spec.Template.Spec.Containers[0].Args.Skip(5));
        Assert.Equal(["--duration", "120s", "--rate", "100"], fo.Spec.Template.Spec.Containers[0].Args.Skip(5));
    }

    [Fact]
    public void The_fault_request_goes_to_the_pods_http_port_through_the_proxy_subresource()
    {
        var uri = PodProxyFaults.RequestUri(new Uri("https://10.0.0.1:6443/"), "workshop", "demo-app-x", 8080);
        Assert.Equal("https://10.0.0.1:6443/api/v1/namespaces/workshop/pods/demo-app-x:8080/proxy/fault", uri.AbsoluteUri);
    }

    [GeneratedRegex(@"\p{IsHangulSyllables}")]
    private static partial Regex Hangul();
}
