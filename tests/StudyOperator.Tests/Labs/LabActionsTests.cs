using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using StudyOperator.Labs;
using StudyOperator.Tests.Workload;

namespace StudyOperator.Tests.Labs;

public sealed class LabActionsTests
{
    /// <summary>Answers every request itself, so nothing leaves the process.</summary>
    private sealed class Recorder(HttpStatusCode status) : DelegatingHandler
    {
        public List<(HttpMethod Method, string Uri, string Body, string? Authorization)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add((request.Method, request.RequestUri!.AbsoluteUri, body, request.Headers.Authorization?.ToString()));
            return new HttpResponseMessage(status) { RequestMessage = request, Content = new StringContent("{\"kind\":\"Status\",\"apiVersion\":\"v1\"}") };
        }
    }

    private static (LabActions Actions, Recorder Recorder) Create(HttpStatusCode status)
    {
        var recorder = new Recorder(status);
        var client = new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1", AccessToken = "t0k3n" }, recorder);
        return (new LabActions(client, new PodProxyFaults(client), NullLogger<LabActions>.Instance), recorder);
    }

    [Fact]
    public async Task A_pod_is_deleted_with_its_recorded_uid_as_a_precondition()
    {
        var (actions, recorder) = Create(HttpStatusCode.OK);
        await actions.PerformAsync([new DeletePodAction("workshop", "demo-app-1", "uid-1")], CancellationToken.None);

        var request = Assert.Single(recorder.Requests);
        Assert.Equal(HttpMethod.Delete, request.Method);
        Assert.EndsWith("/api/v1/namespaces/workshop/pods/demo-app-1", request.Uri, StringComparison.Ordinal);
        Assert.Equal("uid-1", KubernetesJson.Deserialize<V1DeleteOptions>(request.Body).Preconditions.Uid);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Conflict)]
    public async Task Deleting_a_pod_that_is_gone_or_was_replaced_under_its_name_is_harmless(HttpStatusCode status)
    {
        var (actions, _) = Create(status);
        await actions.PerformAsync([new DeletePodAction("workshop", "demo-app-1", "uid-1")], CancellationToken.None);
    }

    [Fact]
    public async Task Other_api_errors_propagate_so_the_queue_retries()
    {
        var (actions, _) = Create(HttpStatusCode.InternalServerError);
        await Assert.ThrowsAsync<HttpOperationException>(() => actions.PerformAsync([new DeletePodAction("workshop", "demo-app-1", "uid-1")], CancellationToken.None));
    }

    [Fact]
    public async Task A_probe_job_that_already_exists_is_left_alone()
    {
        var (actions, recorder) = Create(HttpStatusCode.Conflict);
        var job = ProbeJobs.LoadBalancing(LabFixtures.Lab(), 0, new(), LabFixtures.OperatorImage);
        await actions.PerformAsync([new CreateJobAction(job)], CancellationToken.None);
        Assert.Equal(HttpMethod.Post, Assert.Single(recorder.Requests).Method);
    }

    [Fact]
    public async Task A_fault_is_posted_as_json_through_the_pod_proxy_with_the_clients_credentials()
    {
        var (actions, recorder) = Create(HttpStatusCode.OK);
        await actions.PerformAsync([new PodFaultAction("workshop", "demo-app-1", "uid-1", PodFaultAction.Failing)], CancellationToken.None);

        var request = Assert.Single(recorder.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://127.0.0.1:1/api/v1/namespaces/workshop/pods/demo-app-1:8080/proxy/fault", request.Uri);
        Assert.Equal("{\"mode\":\"failing\"}", request.Body);
        Assert.Equal("Bearer t0k3n", request.Authorization);
    }

    [Fact]
    public async Task A_fault_the_pod_refuses_is_an_error()
    {
        var (actions, _) = Create(HttpStatusCode.BadGateway);
        await Assert.ThrowsAsync<HttpOperationException>(() => actions.PerformAsync([new PodFaultAction("workshop", "demo-app-1", "uid-1", PodFaultAction.Reset)], CancellationToken.None));
    }
}
