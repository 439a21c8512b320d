using k8s;
using k8s.Models;
using StudyOperator.Sandbox.Tests.Infrastructure;

namespace StudyOperator.Sandbox.Tests.Workloads;

/// <summary>The controllers' objects read back through KubernetesClient's typed models.</summary>
public sealed class TypedClientTests(NodelessSandboxFixture sandbox) : IClassFixture<NodelessSandboxFixture>
{
    private static V1PodTemplateSpec Template(string app) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "nginx" }] },
    };

    [Fact]
    public async Task Deployment_and_replicaset_status_deserialize_into_the_typed_models()
    {
        await using var t = await WorkloadTestContext.CreateAsync(sandbox);
        var client = sandbox.Client();
        await client.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "typed" },
            Spec = new V1DeploymentSpec { Replicas = 2, Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "typed" } }, Template = Template("typed") },
        }, t.Namespace);

        V1Deployment? d = null;
        await Eventually.True(async () => (d = await client.AppsV1.ReadNamespacedDeploymentAsync("typed", t.Namespace)).Status?.AvailableReplicas == 2, TimeSpan.FromSeconds(20), "available");
        Assert.Equal(2, d!.Status.UpdatedReplicas);
        Assert.Null(d.Status.UnavailableReplicas);
        Assert.Contains(d.Status.Conditions, c => c.Type == "Available" && c.Status == "True" && c.LastUpdateTime is not null && c.LastTransitionTime is not null);

        var rs = Assert.Single((await client.AppsV1.ListNamespacedReplicaSetAsync(t.Namespace)).Items);
        Assert.Equal(2, rs.Status.Replicas);
        Assert.Equal(2, rs.Status.AvailableReplicas);
        Assert.Equal(d.Metadata.Uid, rs.Metadata.OwnerReferences.Single().Uid);
        Assert.Equal(rs.Metadata.Labels["pod-template-hash"], rs.Spec.Selector.MatchLabels["pod-template-hash"]);
    }

    [Fact]
    public async Task Job_status_deserializes_into_the_typed_model()
    {
        await using var t = await WorkloadTestContext.CreateAsync(sandbox, _ => PodFate.Succeed);
        var client = sandbox.Client();
        var template = Template("job");
        template.Metadata.Labels.Clear();
        template.Spec.RestartPolicy = "Never";
        await client.BatchV1.CreateNamespacedJobAsync(new V1Job { Metadata = new V1ObjectMeta { Name = "typed" }, Spec = new V1JobSpec { Template = template } }, t.Namespace);

        V1Job? job = null;
        await Eventually.True(async () => (job = await client.BatchV1.ReadNamespacedJobAsync("typed", t.Namespace)).Status?.CompletionTime is not null, TimeSpan.FromSeconds(20), "complete");
        Assert.Equal(1, job!.Status.Succeeded);
        Assert.Equal(0, job.Status.Ready);
        Assert.Equal(0, job.Status.Terminating);
        Assert.NotNull(job.Status.UncountedTerminatedPods);
        Assert.NotNull(job.Status.StartTime);
        Assert.Equal(["SuccessCriteriaMet", "Complete"], job.Status.Conditions.Select(c => c.Type));
    }
}
