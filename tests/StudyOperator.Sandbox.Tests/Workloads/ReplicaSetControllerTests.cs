using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Tests.Infrastructure;

namespace StudyOperator.Sandbox.Tests.Workloads;

/// <summary>The ReplicaSet controller on its own, driven over HTTP.</summary>
public sealed class ReplicaSetControllerTests(NodelessSandboxFixture sandbox) : IClassFixture<NodelessSandboxFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private static JsonObject ReplicaSet(string name, int replicas) => JsonNode.Parse($$$"""
        {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"{{{name}}}"},
         "spec":{"replicas":{{{replicas}}},"selector":{"matchLabels":{"app":"{{{name}}}"}},
           "template":{"metadata":{"labels":{"app":"{{{name}}}","tier":"x"},"annotations":{"note":"copied"}},"spec":{"containers":[{"name":"main","image":"nginx"}]} } }}
        """)!.AsObject();

    private static string Phase(JsonObject pod) => pod["status"]?["phase"]?.GetValue<string>() ?? "";

    [Fact]
    public async Task Failed_pods_are_replaced_and_kept_and_do_not_count()
    {
        var failedOne = 0;
        await using var t = await WorkloadTestContext.CreateAsync(sandbox, _ => Interlocked.Exchange(ref failedOne, 1) == 0 ? PodFate.Fail : PodFate.Ready);
        var (code, _, _) = await sandbox.PostAsync($"/apis/apps/v1/namespaces/{t.Namespace}/replicasets", ReplicaSet("rs", 2));
        Assert.Equal(201, code);

        await Eventually.True(async () =>
        {
            var pods = await t.ListAsync("pods");
            return pods.Count(p => Phase(p) == "Running" && WorkloadTestContext.IsReady(p)) == 2 && pods.Count(p => Phase(p) == "Failed") == 1;
        }, Wait, "two running pods next to the failed one");
        await Eventually.True(async () => WorkloadTestContext.Long((await t.GetAsync($"/apis/apps/v1/namespaces/{t.Namespace}/replicasets/rs"))!["status"]!["readyReplicas"]) == 2, Wait, "status");
        var status = (await t.GetAsync($"/apis/apps/v1/namespaces/{t.Namespace}/replicasets/rs"))!["status"]!;
        Assert.Equal(2, WorkloadTestContext.Long(status["replicas"]));
        Assert.Equal(2, WorkloadTestContext.Long(status["fullyLabeledReplicas"]));
        Assert.Equal(2, WorkloadTestContext.Long(status["availableReplicas"]));

        var pod = (await t.ListAsync("pods"))[0];
        Assert.Equal("copied", pod["metadata"]!["annotations"]!["note"]!.GetValue<string>());
        Assert.Equal("x", pod["metadata"]!["labels"]!["tier"]!.GetValue<string>());
        Assert.Equal("rs-", pod["metadata"]!["generateName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Scaling_down_deletes_pending_pods_before_ready_ones()
    {
        var made = 0;
        await using var t = await WorkloadTestContext.CreateAsync(sandbox, _ => Interlocked.Increment(ref made) <= 2 ? PodFate.Ready : PodFate.Hold);
        await sandbox.PostAsync($"/apis/apps/v1/namespaces/{t.Namespace}/replicasets", ReplicaSet("rs", 3));
        await Eventually.True(async () => (await t.ListAsync("pods")).Count(WorkloadTestContext.IsReady) == 2 && (await t.ListAsync("pods")).Count == 3, Wait, "two ready, one pending");
        var pending = (await t.ListAsync("pods")).Single(p => Phase(p) == "Pending")["metadata"]!["name"]!.GetValue<string>();

        var (code, _, _) = await sandbox.PatchAsync($"/apis/apps/v1/namespaces/{t.Namespace}/replicasets/rs/scale", new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 2 } }, "application/merge-patch+json");
        Assert.Equal(200, code);

        await Eventually.True(async () => (await t.ListAsync("pods")).Count == 2, Wait, "one pod deleted");
        var left = await t.ListAsync("pods");
        Assert.DoesNotContain(left, p => p["metadata"]!["name"]!.GetValue<string>() == pending);
        Assert.All(left, p => Assert.True(WorkloadTestContext.IsReady(p)));
    }

    [Fact]
    public async Task Terminating_pods_do_not_count_as_replicas()
    {
        await using var t = await WorkloadTestContext.CreateAsync(sandbox);
        await sandbox.PostAsync($"/apis/apps/v1/namespaces/{t.Namespace}/replicasets", ReplicaSet("rs", 1));
        await Eventually.True(async () => (await t.ListAsync("pods")).Count(WorkloadTestContext.IsReady) == 1, Wait, "a ready pod");
        var first = (await t.ListAsync("pods"))[0]["metadata"]!["name"]!.GetValue<string>();

        // A finalizer keeps the deleted pod around as Terminating; the ReplicaSet replaces it at once.
        await sandbox.PatchAsync($"/api/v1/namespaces/{t.Namespace}/pods/{first}", new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = new JsonArray("test/hold") } }, "application/merge-patch+json");
        await sandbox.DeleteAsync($"/api/v1/namespaces/{t.Namespace}/pods/{first}");

        await Eventually.True(async () => (await t.ListAsync("pods")).Count(p => p["metadata"]!["deletionTimestamp"] is null && WorkloadTestContext.IsReady(p)) == 1
            && (await t.ListAsync("pods")).Count == 2, Wait, "a replacement next to the terminating pod");
        await Eventually.True(async () => WorkloadTestContext.Long((await t.GetAsync($"/apis/apps/v1/namespaces/{t.Namespace}/replicasets/rs"))!["status"]!["readyReplicas"]) == 1, Wait, "status");
        Assert.Equal(1, WorkloadTestContext.Long((await t.GetAsync($"/apis/apps/v1/namespaces/{t.Namespace}/replicasets/rs"))!["status"]!["replicas"]));

        await sandbox.PatchAsync($"/api/v1/namespaces/{t.Namespace}/pods/{first}", new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = null } }, "application/merge-patch+json");
        await Eventually.True(async () => (await t.ListAsync("pods")).Count == 1, Wait, "the terminating pod gone");
    }

    [Fact]
    public async Task A_pod_relabelled_out_of_the_selector_is_released_and_replaced()
    {
        await using var t = await WorkloadTestContext.CreateAsync(sandbox);
        await sandbox.PostAsync($"/apis/apps/v1/namespaces/{t.Namespace}/replicasets", ReplicaSet("rs", 2));
        await Eventually.True(async () => (await t.ListAsync("pods")).Count(WorkloadTestContext.IsReady) == 2, Wait, "two ready pods");
        var quarantined = (await t.ListAsync("pods"))[0]["metadata"]!["name"]!.GetValue<string>();

        await sandbox.PatchAsync($"/api/v1/namespaces/{t.Namespace}/pods/{quarantined}", new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "debug" } } }, "application/merge-patch+json");

        await Eventually.True(async () => (await t.ListAsync("pods")).Count(WorkloadTestContext.IsReady) == 3, Wait, "a replacement");
        var released = (await t.GetAsync($"/api/v1/namespaces/{t.Namespace}/pods/{quarantined}"))!;
        Assert.Null(released["metadata"]!["ownerReferences"]);

        // Labelled back, it is adopted again and the surplus pod goes.
        await sandbox.PatchAsync($"/api/v1/namespaces/{t.Namespace}/pods/{quarantined}", new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "rs" } } }, "application/merge-patch+json");
        await Eventually.True(async () => (await t.ListAsync("pods")).Count == 2, Wait, "back to two pods");
        Assert.All(await t.ListAsync("pods"), p => Assert.Equal("rs", p["metadata"]!["ownerReferences"]![0]!["name"]!.GetValue<string>()));
    }
}
