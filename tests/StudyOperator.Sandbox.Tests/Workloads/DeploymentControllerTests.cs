using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using StudyOperator.Sandbox.Tests.Infrastructure;

namespace StudyOperator.Sandbox.Tests.Workloads;

/// <summary>The Deployment controller through the real kubectl, with the test-side pod driver standing in for the kubelet.</summary>
public sealed class DeploymentControllerTests(NodelessSandboxFixture sandbox) : IClassFixture<NodelessSandboxFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static string Yaml(string name, int replicas, string image, string extraSpec = "") => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
        spec:
          replicas: {replicas}
        {extraSpec}
          selector:
            matchLabels: {"{"}app: {name}{"}"}
          template:
            metadata:
              labels: {"{"}app: {name}{"}"}
            spec:
              containers:
              - name: main
                image: {image}
        """;

    private static string Annotation(JsonObject obj, string key) => obj["metadata"]?["annotations"]?[key]?.GetValue<string>() ?? "";

    [KubectlFact]
    public async Task Kubectl_create_deployment_gets_a_replicaset_whose_three_pods_become_ready()
    {
        await using var t = await WorkloadTestContext.CreateAsync(sandbox);
        await t.Kubectl.OkAsync("create", "deployment", "web", "--image=nginx", "--replicas=3");
        await t.WaitRolledOutAsync("web", 3);

        var table = await t.Kubectl.OkAsync("get", "deploy", "web");
        Assert.Matches(new Regex(@"^web\s+3/3\s+3\s+3\s+\d+s$", RegexOptions.Multiline), table);

        var rs = Assert.Single(await t.ListAsync("replicasets"));
        var hash = rs["metadata"]!["labels"]!["pod-template-hash"]!.GetValue<string>();
        Assert.Matches("^[bcdfghjklmnpqrstvwxz2456789]{1,10}$", hash);
        Assert.Equal($"web-{hash}", rs["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(hash, rs["spec"]!["selector"]!["matchLabels"]!["pod-template-hash"]!.GetValue<string>());
        Assert.Equal(hash, rs["spec"]!["template"]!["metadata"]!["labels"]!["pod-template-hash"]!.GetValue<string>());
        var owner = Assert.Single(rs["metadata"]!["ownerReferences"]!.AsArray())!;
        Assert.Equal("Deployment", owner["kind"]!.GetValue<string>());
        Assert.True(owner["controller"]!.GetValue<bool>());
        Assert.True(owner["blockOwnerDeletion"]!.GetValue<bool>());
        Assert.Equal("1", Annotation(rs, "deployment.kubernetes.io/revision"));
        Assert.Equal("3", Annotation(rs, "deployment.kubernetes.io/desired-replicas"));
        Assert.Equal("4", Annotation(rs, "deployment.kubernetes.io/max-replicas"));

        var d = await t.DeploymentAsync("web");
        Assert.Equal("1", Annotation(d, "deployment.kubernetes.io/revision"));
        Assert.Equal(1, WorkloadTestContext.Long(d["metadata"]!["generation"]));
        var status = d["status"]!.AsObject();
        Assert.Equal(1, WorkloadTestContext.Long(status["observedGeneration"]));
        Assert.False(status.ContainsKey("unavailableReplicas"));
        var conditions = status["conditions"]!.AsArray().Select(c => $"{c!["type"]}={c["status"]}/{c["reason"]}").ToList();
        Assert.Contains("Available=True/MinimumReplicasAvailable", conditions);
        Assert.Contains("Progressing=True/NewReplicaSetAvailable", conditions);
        Assert.Contains(status["conditions"]!.AsArray(), c => c!["message"]!.GetValue<string>() == $"ReplicaSet \"web-{hash}\" has successfully progressed.");

        await Eventually.True(async () => WorkloadTestContext.Long((await t.GetAsync($"/apis/apps/v1/namespaces/{t.Namespace}/replicasets/web-{hash}"))!["status"]!["availableReplicas"]) == 3, Wait, "rs status");
        var rsStatus = (await t.GetAsync($"/apis/apps/v1/namespaces/{t.Namespace}/replicasets/web-{hash}"))!["status"]!;
        Assert.Equal(3, WorkloadTestContext.Long(rsStatus["replicas"]));
        Assert.Equal(3, WorkloadTestContext.Long(rsStatus["fullyLabeledReplicas"]));
        Assert.Equal(3, WorkloadTestContext.Long(rsStatus["readyReplicas"]));
        Assert.Equal(1, WorkloadTestContext.Long(rsStatus["observedGeneration"]));

        var pods = await t.ListAsync("pods");
        Assert.Equal(3, pods.Count);
        foreach (var pod in pods)
        {
            Assert.Equal($"web-{hash}-", pod["metadata"]!["generateName"]!.GetValue<string>());
            Assert.Matches($"^web-{hash}-[bcdfghjklmnpqrstvwxz2456789]{{5}}$", pod["metadata"]!["name"]!.GetValue<string>());
            Assert.Equal(hash, pod["metadata"]!["labels"]!["pod-template-hash"]!.GetValue<string>());
            Assert.Equal("web", pod["metadata"]!["labels"]!["app"]!.GetValue<string>());
            var podOwner = Assert.Single(pod["metadata"]!["ownerReferences"]!.AsArray())!;
            Assert.Equal("ReplicaSet", podOwner["kind"]!.GetValue<string>());
            Assert.Equal($"web-{hash}", podOwner["name"]!.GetValue<string>());
            Assert.True(podOwner["controller"]!.GetValue<bool>());
            Assert.True(podOwner["blockOwnerDeletion"]!.GetValue<bool>());
        }
    }

    [KubectlFact]
    public async Task A_deleted_pod_is_replaced_by_the_replicaset()
    {
        await using var t = await WorkloadTestContext.CreateAsync(sandbox);
        await t.Kubectl.OkAsync("create", "deployment", "web", "--image=nginx", "--replicas=3");
        await t.WaitRolledOutAsync("web", 3);
        var before = (await t.ListAsync("pods")).Select(p => p["metadata"]!["name"]!.GetValue<string>()).ToList();

        await t.Kubectl.OkAsync("delete", "pod", before[0]);

        await Eventually.True(async () =>
        {
            var pods = await t.ListAsync("pods");
            return pods.Count == 3 && pods.All(WorkloadTestContext.IsReady) && !pods.Any(p => p["metadata"]!["name"]!.GetValue<string>() == before[0]);
        }, Wait, "a replacement pod");
        await t.WaitRolledOutAsync("web", 3);
    }

    [KubectlFact]
    public async Task Kubectl_scale_resizes_the_replicaset_both_ways()
    {
        await using var t = await WorkloadTestContext.CreateAsync(sandbox);
        await t.Kubectl.OkAsync("create", "deployment", "web", "--image=nginx", "--replicas=2");
        await t.WaitRolledOutAsync("web", 2);

        await t.Kubectl.OkAsync("scale", "deployment/web", "--replicas=5");
        await t.WaitRolledOutAsync("web", 5);
        Assert.Equal(5, (await t.ListAsync("pods")).Count);
        var rs = Assert.Single(await t.ListAsync("replicasets"));
        Assert.Equal("5", Annotation(rs, "deployment.kubernetes.io/desired-replicas"));
        Assert.Equal("7", Annotation(rs, "deployment.kubernetes.io/max-replicas"));

        await t.Kubectl.OkAsync("scale", "deployment/web", "--replicas=1");
        await t.WaitRolledOutAsync("web", 1);
        await Eventually.True(async () => (await t.ListAsync("pods")).Count == 1, Wait, "one pod left");
        Assert.Matches(new Regex(@"^web\s+1/1\s+1\s+1\s+", RegexOptions.Multiline), await t.Kubectl.OkAsync("get", "deploy", "web"));
    }

    [KubectlFact]
    public async Task Set_image_rolls_out_within_maxSurge_and_maxUnavailable_at_every_moment()
    {
        await using var t = await WorkloadTestContext.CreateAsync(sandbox);
        // 4 replicas with the 25% defaults: surge rounds up to 1, unavailable rounds down to 1.
        await t.Kubectl.OkAsync("create", "deployment", "web", "--image=nginx:1.25", "--replicas=4");
        await t.WaitRolledOutAsync("web", 4);
        var oldRs = Assert.Single(await t.ListAsync("replicasets"))["metadata"]!["name"]!.GetValue<string>();

        await using (var monitor = await PodMonitor.StartAsync(sandbox.BaseAddress, t.Namespace))
        {
            await t.Kubectl.OkAsync("set", "image", "deployment/web", "nginx=nginx:1.27");
            var (code, stdout, stderr) = await t.Kubectl.RunAsync(TimeSpan.FromSeconds(60), "rollout", "status", "deployment/web", "--timeout=50s");
            Assert.True(code == 0, stderr + stdout);
            Assert.Contains("successfully rolled out", stdout, StringComparison.Ordinal);
            await Eventually.True(async () => (await t.ListAsync("pods")).Count == 4, Wait, "old pods gone");

            var states = monitor.States.ToList();
            Assert.True(states.Count > 8, $"only {states.Count} states observed");
            var trace = string.Join(" ", states);
            Assert.All(states, s => Assert.True(s.Existing <= 5, $"{s.Existing} pods exist, more than replicas+maxSurge=5: {trace}"));
            Assert.All(states, s => Assert.True(s.Ready >= 3, $"{s.Ready} pods ready, fewer than replicas-maxUnavailable=3: {trace}"));
        }

        var rss = await t.ListAsync("replicasets");
        Assert.Equal(2, rss.Count);
        var old = rss.Single(r => r["metadata"]!["name"]!.GetValue<string>() == oldRs);
        var next = rss.Single(r => r["metadata"]!["name"]!.GetValue<string>() != oldRs);
        Assert.Equal(0, WorkloadTestContext.Long(old["spec"]!["replicas"]));
        Assert.Equal("1", Annotation(old, "deployment.kubernetes.io/revision"));
        Assert.Equal("2", Annotation(next, "deployment.kubernetes.io/revision"));
        Assert.Equal("nginx:1.27", next["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal("2", Annotation(await t.DeploymentAsync("web"), "deployment.kubernetes.io/revision"));
        Assert.All(await t.ListAsync("pods"), p => Assert.StartsWith(next["metadata"]!["name"]!.GetValue<string>() + "-", p["metadata"]!["name"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [KubectlFact]
    public async Task Rollout_undo_readopts_the_previous_replicaset_with_a_new_revision()
    {
        await using var t = await WorkloadTestContext.CreateAsync(sandbox);
        await t.Kubectl.OkAsync("create", "deployment", "web", "--image=nginx:1.25", "--replicas=3");
        await t.WaitRolledOutAsync("web", 3);
        var first = Assert.Single(await t.ListAsync("replicasets"))["metadata"]!["name"]!.GetValue<string>();
        await t.Kubectl.OkAsync("set", "image", "deployment/web", "nginx=nginx:1.27");
        await t.Kubectl.RunAsync(TimeSpan.FromSeconds(60), "rollout", "status", "deployment/web", "--timeout=50s");
        await t.WaitRolledOutAsync("web", 3);

        var undo = await t.Kubectl.OkAsync("rollout", "undo", "deployment/web");
        Assert.Contains("rolled back", undo, StringComparison.Ordinal);
        var (code, stdout, stderr) = await t.Kubectl.RunAsync(TimeSpan.FromSeconds(60), "rollout", "status", "deployment/web", "--timeout=50s");
        Assert.True(code == 0, stderr + stdout);
        await t.WaitRolledOutAsync("web", 3);

        var rss = await t.ListAsync("replicasets");
        Assert.Equal(2, rss.Count);
        var readopted = rss.Single(r => r["metadata"]!["name"]!.GetValue<string>() == first);
        Assert.Equal(3, WorkloadTestContext.Long(readopted["spec"]!["replicas"]));
        Assert.Equal("3", Annotation(readopted, "deployment.kubernetes.io/revision"));
        Assert.Equal("1", Annotation(readopted, "deployment.kubernetes.io/revision-history"));
        Assert.Equal("3", Annotation(await t.DeploymentAsync("web"), "deployment.kubernetes.io/revision"));
        Assert.Equal("nginx:1.25", readopted["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());

        var history = await t.Kubectl.OkAsync("rollout", "history", "deployment/web");
        Assert.Matches(new Regex(@"^2\s", RegexOptions.Multiline), history);
        Assert.Matches(new Regex(@"^3\s", RegexOptions.Multiline), history);
    }

    [KubectlFact]
    public async Task Recreate_removes_every_old_pod_before_creating_new_ones()
    {
        await using var t = await WorkloadTestContext.CreateAsync(sandbox);
        await t.Kubectl.OkAsync("apply", "-f", t.Kubectl.WriteFile("d.yaml", Yaml("web", 3, "nginx:1.25", "  strategy: {type: Recreate}")));
        await t.WaitRolledOutAsync("web", 3);
        var oldRs = Assert.Single(await t.ListAsync("replicasets"))["metadata"]!["name"]!.GetValue<string>();

        await using (var monitor = await PodMonitor.StartAsync(sandbox.BaseAddress, t.Namespace))
        {
            await t.Kubectl.OkAsync("set", "image", "deployment/web", "main=nginx:1.27");
            await t.WaitRolledOutAsync("web", 3);
            await Eventually.True(async () => (await t.ListAsync("pods")).Count == 3, Wait, "old pods gone");
            var states = monitor.States.ToList();
            var firstEmpty = states.FindIndex(s => s.Existing == 0);
            Assert.True(firstEmpty > 0, "no observed moment without pods");
            Assert.All(states.Take(firstEmpty), s => Assert.True(s.Existing <= 3));
            Assert.All(states, s => Assert.True(s.Existing <= 3, $"{s.Existing} pods at once during Recreate"));
        }

        Assert.All(await t.ListAsync("pods"), p => Assert.DoesNotContain(oldRs, p["metadata"]!["name"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [KubectlFact]
    public async Task RevisionHistoryLimit_deletes_the_oldest_empty_replicasets()
    {
        await using var t = await WorkloadTestContext.CreateAsync(sandbox);
        await t.Kubectl.OkAsync("apply", "-f", t.Kubectl.WriteFile("d.yaml", Yaml("web", 2, "nginx:1.21", "  revisionHistoryLimit: 1")));
        await t.WaitRolledOutAsync("web", 2);
        foreach (var tag in new[] { "1.22", "1.23", "1.24" })
        {
            await t.Kubectl.OkAsync("set", "image", "deployment/web", $"main=nginx:{tag}");
            await t.WaitRolledOutAsync("web", 2);
        }

        await Eventually.True(async () => (await t.ListAsync("replicasets")).Count == 2, Wait, "two replicasets left");
        var revisions = (await t.ListAsync("replicasets")).Select(r => Annotation(r, "deployment.kubernetes.io/revision")).Order().ToList();
        Assert.Equal(["3", "4"], revisions);
    }

    [KubectlFact]
    public async Task Deleting_a_deployment_collects_its_replicasets_and_pods()
    {
        await using var t = await WorkloadTestContext.CreateAsync(sandbox);
        await t.Kubectl.OkAsync("create", "deployment", "web", "--image=nginx", "--replicas=3");
        await t.WaitRolledOutAsync("web", 3);

        await t.Kubectl.OkAsync("delete", "deployment", "web");

        await Eventually.True(async () => (await t.ListAsync("replicasets")).Count == 0 && (await t.ListAsync("pods")).Count == 0, Wait, "replicasets and pods collected");
    }

    [KubectlFact]
    public async Task Zero_counts_are_absent_from_the_status_json()
    {
        await using var t = await WorkloadTestContext.CreateAsync(sandbox, _ => PodFate.Hold);
        await t.Kubectl.OkAsync("create", "deployment", "none", "--image=nginx", "--replicas=0");
        await t.Kubectl.OkAsync("create", "deployment", "held", "--image=nginx", "--replicas=2");

        await Eventually.True(async () => (await t.DeploymentAsync("none"))["status"]?["conditions"] is JsonArray { Count: 2 }, Wait, "status of the empty deployment");
        var empty = (await t.DeploymentAsync("none"))["status"]!.AsObject();
        foreach (var field in new[] { "replicas", "updatedReplicas", "readyReplicas", "availableReplicas", "unavailableReplicas" })
        {
            Assert.False(empty.ContainsKey(field), $"{field} present in {empty.ToJsonString()}");
        }

        Assert.Equal(1, WorkloadTestContext.Long(empty["observedGeneration"]));
        var emptyRs = Assert.Single(await t.ListAsync("replicasets"), r => r["metadata"]!["name"]!.GetValue<string>().StartsWith("none-", StringComparison.Ordinal));
        Assert.Equal(0, WorkloadTestContext.Long(emptyRs["status"]!["replicas"]));
        Assert.False(emptyRs["status"]!.AsObject().ContainsKey("readyReplicas"));

        await Eventually.True(async () => WorkloadTestContext.Long((await t.DeploymentAsync("held"))["status"]?["replicas"]) == 2, Wait, "two pending pods");
        var held = (await t.DeploymentAsync("held"))["status"]!.AsObject();
        Assert.False(held.ContainsKey("readyReplicas"));
        Assert.False(held.ContainsKey("availableReplicas"));
        Assert.Equal(2, WorkloadTestContext.Long(held["unavailableReplicas"]));
        Assert.Contains(held["conditions"]!.AsArray(), c => c!["type"]!.GetValue<string>() == "Available" && c["status"]!.GetValue<string>() == "False" && c["reason"]!.GetValue<string>() == "MinimumReplicasUnavailable");
    }

    [KubectlFact]
    public async Task A_rollout_that_makes_no_progress_exceeds_its_progress_deadline()
    {
        await using var t = await WorkloadTestContext.CreateAsync(sandbox, _ => PodFate.Hold);
        await t.Kubectl.OkAsync("apply", "-f", t.Kubectl.WriteFile("d.yaml", Yaml("stuck", 1, "nginx", "  progressDeadlineSeconds: 1")));

        await Eventually.True(async () => (await t.DeploymentAsync("stuck"))["status"]?["conditions"]?.AsArray()
            .Any(c => c!["type"]!.GetValue<string>() == "Progressing" && c["status"]!.GetValue<string>() == "False" && c["reason"]!.GetValue<string>() == "ProgressDeadlineExceeded") == true,
            TimeSpan.FromSeconds(10), "ProgressDeadlineExceeded");
        var (code, _, stderr) = await t.Kubectl.RunAsync("rollout", "status", "deployment/stuck", "--timeout=10s");
        Assert.NotEqual(0, code);
        Assert.Contains("exceeded its progress deadline", stderr, StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task Pods_count_as_available_only_after_minReadySeconds()
    {
        await using var t = await WorkloadTestContext.CreateAsync(sandbox);
        await t.Kubectl.OkAsync("apply", "-f", t.Kubectl.WriteFile("d.yaml", Yaml("slow", 2, "nginx", "  minReadySeconds: 3")));

        await Eventually.True(async () => WorkloadTestContext.Long((await t.DeploymentAsync("slow"))["status"]?["readyReplicas"]) == 2, Wait, "ready pods");
        var early = (await t.DeploymentAsync("slow"))["status"]!.AsObject();
        Assert.False(early.ContainsKey("availableReplicas"), early.ToJsonString());
        await t.WaitRolledOutAsync("slow", 2, TimeSpan.FromSeconds(10));
    }

    [KubectlFact]
    public async Task A_paused_deployment_rolls_out_only_after_resume()
    {
        await using var t = await WorkloadTestContext.CreateAsync(sandbox);
        await t.Kubectl.OkAsync("create", "deployment", "web", "--image=nginx:1.25", "--replicas=2");
        await t.WaitRolledOutAsync("web", 2);

        await t.Kubectl.OkAsync("rollout", "pause", "deployment/web");
        await t.Kubectl.OkAsync("set", "image", "deployment/web", "nginx=nginx:1.27");
        await Eventually.True(async () => (await t.DeploymentAsync("web"))["status"]?["conditions"]?.AsArray()
            .Any(c => c!["type"]!.GetValue<string>() == "Progressing" && c["status"]!.GetValue<string>() == "Unknown" && c["reason"]!.GetValue<string>() == "DeploymentPaused") == true, Wait, "DeploymentPaused");
        await Eventually.True(async () => WorkloadTestContext.Long((await t.DeploymentAsync("web"))["status"]!["observedGeneration"]) == 3, Wait, "the paused template observed");
        var paused = (await t.DeploymentAsync("web"))["status"]!.AsObject();
        Assert.False(paused.ContainsKey("updatedReplicas"), "no pod runs the paused template");
        Assert.Equal(2, WorkloadTestContext.Long(paused["availableReplicas"]));
        Assert.Single(await t.ListAsync("replicasets"));

        await t.Kubectl.OkAsync("rollout", "resume", "deployment/web");
        var (code, stdout, stderr) = await t.Kubectl.RunAsync(TimeSpan.FromSeconds(60), "rollout", "status", "deployment/web", "--timeout=50s");
        Assert.True(code == 0, stderr + stdout);
        await t.WaitRolledOutAsync("web", 2);
        Assert.Equal(2, (await t.ListAsync("replicasets")).Count);
    }

    [KubectlFact]
    public async Task A_recreated_deployment_adopts_the_replicaset_orphaned_by_its_predecessor()
    {
        await using var t = await WorkloadTestContext.CreateAsync(sandbox);
        var yaml = t.Kubectl.WriteFile("d.yaml", Yaml("web", 2, "nginx"));
        await t.Kubectl.OkAsync("apply", "-f", yaml);
        await t.WaitRolledOutAsync("web", 2);
        var rs = Assert.Single(await t.ListAsync("replicasets"))["metadata"]!["name"]!.GetValue<string>();
        var pods = (await t.ListAsync("pods")).Select(p => p["metadata"]!["name"]!.GetValue<string>()).Order().ToList();

        await t.Kubectl.OkAsync("delete", "deployment", "web", "--cascade=orphan");
        await Eventually.True(async () => (await t.ListAsync("replicasets")).Single()["metadata"]!["ownerReferences"] is null, Wait, "the replicaset orphaned");

        await t.Kubectl.OkAsync("apply", "-f", yaml);
        var uid = (await t.DeploymentAsync("web"))["metadata"]!["uid"]!.GetValue<string>();
        await Eventually.True(async () => (await t.ListAsync("replicasets")).Single()["metadata"]!["ownerReferences"]?[0]?["uid"]?.GetValue<string>() == uid, Wait, "the replicaset adopted");
        await t.WaitRolledOutAsync("web", 2);
        Assert.Equal(rs, Assert.Single(await t.ListAsync("replicasets"))["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(pods, (await t.ListAsync("pods")).Select(p => p["metadata"]!["name"]!.GetValue<string>()).Order().ToList());
    }

    [KubectlFact]
    public async Task Kubectl_describe_shows_the_controllers_events()
    {
        await using var t = await WorkloadTestContext.CreateAsync(sandbox);
        await t.Kubectl.OkAsync("create", "deployment", "web", "--image=nginx", "--replicas=2");
        await t.WaitRolledOutAsync("web", 2);
        var rs = Assert.Single(await t.ListAsync("replicasets"))["metadata"]!["name"]!.GetValue<string>();

        var deployment = await t.Kubectl.OkAsync("describe", "deployment", "web");
        Assert.Matches(new System.Text.RegularExpressions.Regex($@"Normal\s+ScalingReplicaSet\s+.*deployment-controller\s+Scaled up replica set {rs} from 0 to 2"), deployment);
        var replicaSet = await t.Kubectl.OkAsync("describe", "replicaset", rs);
        Assert.Matches(new System.Text.RegularExpressions.Regex($@"Normal\s+SuccessfulCreate\s+.*replicaset-controller\s+Created pod: {rs}-"), replicaSet);
    }

    [KubectlFact]
    public async Task A_foreground_cascading_delete_removes_pods_and_replicasets_before_the_deployment()
    {
        await using var t = await WorkloadTestContext.CreateAsync(sandbox);
        await t.Kubectl.OkAsync("create", "deployment", "web", "--image=nginx", "--replicas=2");
        await t.WaitRolledOutAsync("web", 2);

        var (code, stdout, stderr) = await t.Kubectl.RunAsync("delete", "deployment", "web", "--cascade=foreground", "--wait=true", "--timeout=20s");
        Assert.True(code == 0, stderr + stdout);

        Assert.Empty(await t.ListAsync("deployments"));
        Assert.Empty(await t.ListAsync("replicasets"));
        Assert.Empty(await t.ListAsync("pods"));
    }
}
