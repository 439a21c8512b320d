using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace StudyOperator.Sandbox.Tests.Workloads;

/// <summary>The controllers' timed behaviour on a sandbox whose clock only moves when the test advances it.</summary>
public sealed class FakeClockTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private SandboxServer server = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        server = await SandboxServer.StartAsync(new SandboxOptions { Time = clock, RunNode = false });
        http = new HttpClient { BaseAddress = server.BaseAddress };
        await SendAsync(HttpMethod.Post, "/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "fake" } });
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    public void Dispose() => http.Dispose();

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonNode? body = null, string type = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, type);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private async Task<List<JsonObject>> PodsAsync() =>
        [.. ((JsonArray)(await SendAsync(HttpMethod.Get, "/api/v1/namespaces/fake/pods"))["items"]!).OfType<JsonObject>()];

    private Task<JsonObject> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    private static JsonObject Deployment(string name, string extraSpec) => JsonNode.Parse($$$"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"{{{name}}}"},
         "spec":{"replicas":2,{{{extraSpec}}}"selector":{"matchLabels":{"app":"{{{name}}}"}},
           "template":{"metadata":{"labels":{"app":"{{{name}}}"}},"spec":{"containers":[{"name":"main","image":"nginx"}]} } } }
        """)!.AsObject();

    private static DateTimeOffset Time(JsonNode? node) => DateTimeOffset.Parse(node!.GetValue<string>(), CultureInfo.InvariantCulture);

    [Fact]
    public async Task Ready_pods_become_available_only_when_minReadySeconds_have_passed_on_the_clock()
    {
        await using var driver = new PodDriver(server.BaseAddress, "fake", time: clock);
        await SendAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/fake/deployments", Deployment("slow", "\"minReadySeconds\":30,"));

        await Eventually.True(async () => WorkloadTestContext.Long((await GetAsync("/apis/apps/v1/namespaces/fake/deployments/slow"))["status"]?["readyReplicas"]) == 2, Wait, "ready");
        clock.Advance(TimeSpan.FromSeconds(29));
        var early = (await GetAsync("/apis/apps/v1/namespaces/fake/deployments/slow"))["status"]!.AsObject();
        Assert.False(early.ContainsKey("availableReplicas"), early.ToJsonString());

        clock.Advance(TimeSpan.FromSeconds(2));
        await Eventually.True(async () => WorkloadTestContext.Long((await GetAsync("/apis/apps/v1/namespaces/fake/deployments/slow"))["status"]?["availableReplicas"]) == 2, Wait, "available");
    }

    [Fact]
    public async Task A_stuck_rollout_exceeds_the_default_progress_deadline_of_600_seconds()
    {
        await using var driver = new PodDriver(server.BaseAddress, "fake", _ => PodFate.Hold, clock);
        var created = await SendAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/fake/deployments", Deployment("stuck", ""));
        Assert.Equal(600, WorkloadTestContext.Long(created["spec"]!["progressDeadlineSeconds"]));
        await Eventually.True(async () => WorkloadTestContext.Long((await GetAsync("/apis/apps/v1/namespaces/fake/deployments/stuck"))["status"]?["replicas"]) == 2, Wait, "pending pods");

        clock.Advance(TimeSpan.FromSeconds(599));
        // An annotation bumps the generation, so a sync is observable through observedGeneration: at 599 s it is not late.
        await SendAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/fake/deployments/stuck", JsonNode.Parse("""{"metadata":{"annotations":{"poke":"1"}}}"""), "application/merge-patch+json");
        await Eventually.True(async () => WorkloadTestContext.Long((await GetAsync("/apis/apps/v1/namespaces/fake/deployments/stuck"))["status"]?["observedGeneration"]) == 2, Wait, "a sync at 599 s");
        var progressing = (await GetAsync("/apis/apps/v1/namespaces/fake/deployments/stuck"))["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "Progressing")!;
        Assert.Equal("True", progressing["status"]!.GetValue<string>());

        clock.Advance(TimeSpan.FromSeconds(2));
        await Eventually.True(async () => (await GetAsync("/apis/apps/v1/namespaces/fake/deployments/stuck"))["status"]!["conditions"]!.AsArray()
            .Any(c => c!["reason"]!.GetValue<string>() == "ProgressDeadlineExceeded" && c["status"]!.GetValue<string>() == "False"), Wait, "deadline exceeded");
    }

    [Fact]
    public async Task Failed_job_pods_are_replaced_after_a_back_off_of_10_then_20_seconds()
    {
        await using var driver = new PodDriver(server.BaseAddress, "fake", _ => PodFate.Fail, clock);
        await SendAsync(HttpMethod.Post, "/apis/batch/v1/namespaces/fake/jobs", JsonNode.Parse("""
            {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"retry"},
             "spec":{"backoffLimit":2,"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"main","image":"busybox"}]}}}}
            """));

        var finished = new List<DateTimeOffset>();
        foreach (var backoff in new[] { 10, 20 })
        {
            var count = finished.Count + 1;
            await Eventually.True(async () => WorkloadTestContext.Long((await GetAsync("/apis/batch/v1/namespaces/fake/jobs/retry"))["status"]?["failed"]) == count, Wait, $"{count} failures counted");
            clock.Advance(TimeSpan.FromSeconds(backoff - 1));
            clock.Advance(TimeSpan.FromSeconds(1));
            await Eventually.True(async () => (await PodsAsync()).Count == count + 1, Wait, $"replacement {count}");
            var pods = (await PodsAsync()).OrderBy(p => Time(p["metadata"]!["creationTimestamp"])).ToList();
            var failedAt = Time(pods[count - 1]["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!["finishedAt"]);
            Assert.Equal(TimeSpan.FromSeconds(backoff), Time(pods[count]["metadata"]!["creationTimestamp"]) - failedAt);
            finished.Add(failedAt);
        }

        await Eventually.True(async () => (await GetAsync("/apis/batch/v1/namespaces/fake/jobs/retry"))["status"]?["conditions"]?.AsArray()
            .Any(c => c!["type"]!.GetValue<string>() == "Failed") == true, Wait, "failed after the third pod");
        Assert.Equal(3, WorkloadTestContext.Long((await GetAsync("/apis/batch/v1/namespaces/fake/jobs/retry"))["status"]!["failed"]));
    }
}
