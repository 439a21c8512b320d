using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Tests.Infrastructure;

namespace StudyOperator.Sandbox.Tests.Workloads;

/// <summary>The Job controller (and ttl-after-finished) through kubectl, with the test-side pod driver finishing pods.</summary>
public sealed class JobControllerTests(NodelessSandboxFixture sandbox) : IClassFixture<NodelessSandboxFixture>
{
    private static string Yaml(string name, string spec) => $"""
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: {name}
        spec:
        {spec}
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: main
                image: busybox
        """;

    private static List<string> Conditions(JsonObject job) =>
        (job["status"]?["conditions"] as JsonArray ?? []).Select(c => $"{c!["type"]}={c["status"]}/{c["reason"]}").ToList();

    private static async Task<JsonObject> JobAsync(WorkloadTestContext t, string name) =>
        await t.GetAsync($"/apis/batch/v1/namespaces/{t.Namespace}/jobs/{name}") ?? throw new InvalidOperationException("job gone");

    [KubectlFact]
    public async Task A_job_with_three_completions_and_parallelism_two_completes()
    {
        await using var t = await WorkloadTestContext.CreateAsync(sandbox, _ => PodFate.Hold);
        await t.Kubectl.OkAsync("apply", "-f", t.Kubectl.WriteFile("job.yaml", Yaml("work", "  completions: 3\n  parallelism: 2")));

        // Two pods run at once, never more.
        await Eventually.True(async () => (await t.ListAsync("pods")).Count == 2, TimeSpan.FromSeconds(10), "two pods");
        var job = await JobAsync(t, "work");
        Assert.Equal(2, WorkloadTestContext.Long(job["status"]!["active"]));
        Assert.Equal(0, WorkloadTestContext.Long(job["status"]!["ready"]));
        Assert.NotNull(job["status"]!["startTime"]);
        Assert.False(job["status"]!.AsObject().ContainsKey("succeeded"));

        var uid = job["metadata"]!["uid"]!.GetValue<string>();
        var first = (await t.ListAsync("pods"))[0];
        var labels = first["metadata"]!["labels"]!;
        Assert.Equal("work", labels["job-name"]!.GetValue<string>());
        Assert.Equal("work", labels["batch.kubernetes.io/job-name"]!.GetValue<string>());
        Assert.Equal(uid, labels["controller-uid"]!.GetValue<string>());
        Assert.Equal(uid, labels["batch.kubernetes.io/controller-uid"]!.GetValue<string>());
        Assert.Equal("work-", first["metadata"]!["generateName"]!.GetValue<string>());
        var owner = Assert.Single(first["metadata"]!["ownerReferences"]!.AsArray())!;
        Assert.Equal("Job", owner["kind"]!.GetValue<string>());
        Assert.True(owner["controller"]!.GetValue<bool>());

        t.Driver.Decide = _ => PodFate.Succeed;
        foreach (var pod in await t.ListAsync("pods"))
        {
            await t.Driver.SetAsync(pod["metadata"]!["name"]!.GetValue<string>(), PodFate.Succeed);
        }

        var (code, stdout, stderr) = await t.Kubectl.RunAsync("wait", "--for=condition=complete", "job/work", "--timeout=20s");
        Assert.True(code == 0, stderr + stdout);
        job = await JobAsync(t, "work");
        var status = job["status"]!.AsObject();
        Assert.Equal(3, WorkloadTestContext.Long(status["succeeded"]));
        Assert.False(status.ContainsKey("active"));
        Assert.False(status.ContainsKey("failed"));
        Assert.NotNull(status["completionTime"]);
        Assert.Equal(["SuccessCriteriaMet=True/CompletionsReached", "Complete=True/CompletionsReached"], Conditions(job));
        Assert.Equal(3, (await t.ListAsync("pods")).Count);
        Assert.Matches(@"^work\s+Complete\s+3/3\s+", (await t.Kubectl.OkAsync("get", "job", "work")).Split('\n')[1]);
    }

    [KubectlFact]
    public async Task A_job_whose_pods_keep_failing_fails_with_BackoffLimitExceeded()
    {
        await using var t = await WorkloadTestContext.CreateAsync(sandbox, _ => PodFate.Fail);
        // One retry, after the first back-off of 10 s.
        await t.Kubectl.OkAsync("apply", "-f", t.Kubectl.WriteFile("job.yaml", Yaml("broken", "  backoffLimit: 1")));

        await Eventually.True(async () => Conditions(await JobAsync(t, "broken")).Contains("Failed=True/BackoffLimitExceeded"), TimeSpan.FromSeconds(30), "job failed");
        var job = await JobAsync(t, "broken");
        Assert.Equal(["FailureTarget=True/BackoffLimitExceeded", "Failed=True/BackoffLimitExceeded"], Conditions(job));
        Assert.Equal(2, WorkloadTestContext.Long(job["status"]!["failed"]));
        Assert.False(job["status"]!.AsObject().ContainsKey("completionTime"));
        Assert.Equal("Job has reached the specified backoff limit", job["status"]!["conditions"]![1]!["message"]!.GetValue<string>());
        var pods = await t.ListAsync("pods");
        Assert.Equal(2, pods.Count);
        var started = pods.Select(p => DateTimeOffset.Parse(p["metadata"]!["creationTimestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.True(started[1] - started[0] >= TimeSpan.FromSeconds(9), $"the retry came {started[1] - started[0]} after the first pod, not after the 10 s back-off");
    }

    [KubectlFact]
    public async Task TtlSecondsAfterFinished_deletes_the_job_and_its_pods()
    {
        await using var t = await WorkloadTestContext.CreateAsync(sandbox, _ => PodFate.Succeed);
        await t.Kubectl.OkAsync("apply", "-f", t.Kubectl.WriteFile("job.yaml", Yaml("short", "  ttlSecondsAfterFinished: 1")));

        await Eventually.True(async () => Conditions(await JobAsync(t, "short")).Contains("Complete=True/CompletionsReached"), TimeSpan.FromSeconds(10), "job complete");
        await Eventually.True(async () => (await t.ListAsync("jobs")).Count == 0 && (await t.ListAsync("pods")).Count == 0, TimeSpan.FromSeconds(10), "job and pods deleted");
    }

    [KubectlFact]
    public async Task A_suspended_job_starts_no_pods_until_resumed()
    {
        await using var t = await WorkloadTestContext.CreateAsync(sandbox, _ => PodFate.Succeed);
        await t.Kubectl.OkAsync("apply", "-f", t.Kubectl.WriteFile("job.yaml", Yaml("later", "  suspend: true")));

        await Eventually.True(async () => Conditions(await JobAsync(t, "later")).Contains("Suspended=True/JobSuspended"), TimeSpan.FromSeconds(10), "suspended");
        Assert.Empty(await t.ListAsync("pods"));
        Assert.Null((await JobAsync(t, "later"))["status"]!["startTime"]);
        Assert.Matches(@"^later\s+Suspended\s+", (await t.Kubectl.OkAsync("get", "job", "later")).Split('\n')[1]);

        await t.Kubectl.OkAsync("patch", "job", "later", "--type=merge", "-p", """{"spec":{"suspend":false}}""");
        await Eventually.True(async () => Conditions(await JobAsync(t, "later")).Contains("Complete=True/CompletionsReached"), TimeSpan.FromSeconds(10), "complete after resume");
        var job = await JobAsync(t, "later");
        Assert.Contains("Suspended=False/JobResumed", Conditions(job));
        Assert.NotNull(job["status"]!["startTime"]);
    }

    [KubectlFact]
    public async Task A_work_queue_job_completes_when_a_pod_succeeded_and_none_is_running()
    {
        await using var t = await WorkloadTestContext.CreateAsync(sandbox, _ => PodFate.Hold);
        await t.Kubectl.OkAsync("apply", "-f", t.Kubectl.WriteFile("job.yaml", Yaml("queue", "  parallelism: 2")));
        await Eventually.True(async () => (await t.ListAsync("pods")).Count == 2, TimeSpan.FromSeconds(10), "two workers");
        Assert.Null((await JobAsync(t, "queue"))["spec"]!["completions"]);
        var pods = (await t.ListAsync("pods")).Select(p => p["metadata"]!["name"]!.GetValue<string>()).ToList();

        await t.Driver.SetAsync(pods[0], PodFate.Succeed);
        await Eventually.True(async () => WorkloadTestContext.Long((await JobAsync(t, "queue"))["status"]!["succeeded"]) == 1, TimeSpan.FromSeconds(10), "one success");
        var job = await JobAsync(t, "queue");
        Assert.Equal(1, WorkloadTestContext.Long(job["status"]!["active"]));
        Assert.DoesNotContain("Complete=True/CompletionsReached", Conditions(job));
        Assert.Equal(2, (await t.ListAsync("pods")).Count);

        await t.Driver.SetAsync(pods[1], PodFate.Succeed);
        await Eventually.True(async () => Conditions(await JobAsync(t, "queue")).Contains("Complete=True/CompletionsReached"), TimeSpan.FromSeconds(10), "complete");
        Assert.Equal(2, WorkloadTestContext.Long((await JobAsync(t, "queue"))["status"]!["succeeded"]));
    }

    [KubectlFact]
    public async Task A_job_running_past_activeDeadlineSeconds_fails_and_its_pods_are_deleted()
    {
        await using var t = await WorkloadTestContext.CreateAsync(sandbox, _ => PodFate.Running);
        await t.Kubectl.OkAsync("apply", "-f", t.Kubectl.WriteFile("job.yaml", Yaml("slow", "  activeDeadlineSeconds: 1\n  parallelism: 2\n  completions: 4")));
        await Eventually.True(async () => (await t.ListAsync("pods")).Count == 2, TimeSpan.FromSeconds(10), "two pods");

        await Eventually.True(async () => Conditions(await JobAsync(t, "slow")).Contains("Failed=True/DeadlineExceeded"), TimeSpan.FromSeconds(10), "deadline exceeded");
        var job = await JobAsync(t, "slow");
        Assert.Equal(["FailureTarget=True/DeadlineExceeded", "Failed=True/DeadlineExceeded"], Conditions(job));
        Assert.False(job["status"]!.AsObject().ContainsKey("active"));
        await Eventually.True(async () => (await t.ListAsync("pods")).Count == 0, TimeSpan.FromSeconds(10), "pods deleted");
    }
}
