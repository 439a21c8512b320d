using System.Net;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using StudyOperator.Labs;

namespace StudyOperator.Tests.Labs;

/// <summary>Reading and stopping the background traffic probe through the pod proxy, with the API server played in-process.</summary>
public sealed class TrafficActionsTests
{
    private sealed class Answering(HttpStatusCode status, string body) : DelegatingHandler
    {
        public List<(HttpMethod Method, string Uri, string? Authorization)> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add((request.Method, request.RequestUri!.AbsoluteUri, request.Headers.Authorization?.ToString()));
            return Task.FromResult(new HttpResponseMessage(status) { RequestMessage = request, Content = new StringContent(body) });
        }
    }

    private static (LabActions Actions, Answering Handler) Create(HttpStatusCode status, string body)
    {
        var handler = new Answering(status, body);
        var client = new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1", AccessToken = "t0k3n" }, handler);
        return (new LabActions(client, new PodProxyFaults(client), NullLogger<LabActions>.Instance), handler);
    }

    private static readonly V1Pod Probe = new()
    {
        Metadata = new V1ObjectMeta { Name = "demo-traffic-x7k2p", NamespaceProperty = "workshop", Uid = "probe-uid" },
    };

    [Fact]
    public async Task Counters_are_read_with_a_get_through_the_pod_proxy_on_the_counters_port()
    {
        var (actions, handler) = Create(HttpStatusCode.OK, """{"requests":120,"failed":3,"atMs":1790000000123}""");

        var reading = await actions.ReadTrafficAsync(Probe, CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("http://127.0.0.1:1/api/v1/namespaces/workshop/pods/demo-traffic-x7k2p:8081/proxy/counters", request.Uri);
        Assert.Equal("Bearer t0k3n", request.Authorization);
        Assert.Null(reading.Problem);
        Assert.Equal((120L, 3L, 1790000000123L, "probe-uid"), (reading.Counters!.Requests, reading.Counters.Failed, reading.Counters.AtMs, reading.Counters.ProbePodUid));
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, "error trying to reach service", "answered 503")]
    [InlineData(HttpStatusCode.OK, "<html>not counters</html>", "not the probe's counters")]
    public async Task An_unreachable_or_odd_probe_gives_a_reading_that_says_why_instead_of_numbers(HttpStatusCode status, string body, string expected)
    {
        var (actions, _) = Create(status, body);

        var reading = await actions.ReadTrafficAsync(Probe, CancellationToken.None);

        Assert.Null(reading.Counters);
        Assert.Contains(expected, reading.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_is_a_post_through_the_pod_proxy_and_a_probe_that_cannot_be_reached_is_left_to_end_by_itself()
    {
        var (actions, handler) = Create(HttpStatusCode.Accepted, "");
        await actions.PerformAsync([new StopTrafficAction("workshop", "demo-traffic-x7k2p", "probe-uid")], CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://127.0.0.1:1/api/v1/namespaces/workshop/pods/demo-traffic-x7k2p:8081/proxy/stop", request.Uri);

        var (failing, _) = Create(HttpStatusCode.ServiceUnavailable, "no route");
        await failing.PerformAsync([new StopTrafficAction("workshop", "demo-traffic-x7k2p", "probe-uid")], CancellationToken.None);
    }
}
