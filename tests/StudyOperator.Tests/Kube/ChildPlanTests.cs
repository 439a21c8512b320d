using System.Text.Json.Nodes;
using k8s;
using StudyOperator.Kube;
using StudyOperator.Tests.Workload;
using StudyOperator.Workload;

namespace StudyOperator.Tests.Kube;

public sealed class ChildPlanTests
{
    private static JsonObject Desired(Action<StudyOperator.Api.V1Alpha1.V1Alpha1StudyLabSpec>? configure = null) =>
        JsonNode.Parse(KubernetesJson.Serialize(LabDeployment.Build(LabFixtures.Lab(configure), LabFixtures.OperatorImage)))!.AsObject();

    /// <summary>What an API server returns: our object plus server-set metadata, defaults and status.</summary>
    private static JsonObject Live(JsonObject created)
    {
        var live = created.DeepClone().AsObject();
        live["metadata"]!["uid"] = "child-uid";
        live["metadata"]!["resourceVersion"] = "41";
        live["metadata"]!["labels"]!["team"] = "blue";
        live["spec"]!["progressDeadlineSeconds"] = 600;
        live["spec"]!["template"]!["spec"]!["dnsPolicy"] = "ClusterFirst";
        live["status"] = new JsonObject { ["replicas"] = 3 };
        return live;
    }

    [Fact]
    public void A_missing_child_is_created_with_the_desired_hash()
    {
        var plan = Assert.IsType<ChildPlan.Create>(ChildPlan.Decide(Desired(), null));
        Assert.Equal(DesiredStateHash.Of(Desired()), (string?)plan.Object["metadata"]!["annotations"]![DesiredStateHash.Annotation]);
    }

    [Fact]
    public void A_live_child_with_only_server_defaults_added_is_kept()
    {
        var created = Assert.IsType<ChildPlan.Create>(ChildPlan.Decide(Desired(), null)).Object;
        Assert.IsType<ChildPlan.Keep>(ChildPlan.Decide(Desired(), Live(created)));
    }

    [Fact]
    public void Drift_in_a_field_we_set_is_replaced_keeping_server_and_foreign_fields()
    {
        var live = Live(Assert.IsType<ChildPlan.Create>(ChildPlan.Decide(Desired(), null)).Object);
        live["spec"]!["replicas"] = 7;
        var plan = Assert.IsType<ChildPlan.Replace>(ChildPlan.Decide(Desired(), live));
        Assert.Equal(3, (int?)plan.Object["spec"]!["replicas"]);
        Assert.Equal("41", (string?)plan.Object["metadata"]!["resourceVersion"]);
        Assert.Equal("blue", (string?)plan.Object["metadata"]!["labels"]!["team"]);
    }

    [Fact]
    public void A_field_removed_from_the_desired_state_is_removed_from_the_child()
    {
        var live = Live(Assert.IsType<ChildPlan.Create>(ChildPlan.Decide(Desired(), null)).Object);
        var plan = Assert.IsType<ChildPlan.Replace>(ChildPlan.Decide(Desired(s => s.App.ReadinessProbe = false), live));
        Assert.Null(plan.Object["spec"]!["template"]!["spec"]!["containers"]![0]!["readinessProbe"]);
    }

    [Fact]
    public void Another_controller_reference_is_replaced_by_ours_and_plain_owners_are_kept()
    {
        var live = Live(Assert.IsType<ChildPlan.Create>(ChildPlan.Decide(Desired(), null)).Object);
        live["metadata"]!["ownerReferences"] = new JsonArray(
            new JsonObject { ["uid"] = "other-controller", ["controller"] = true, ["kind"] = "X", ["name"] = "x", ["apiVersion"] = "v1" },
            new JsonObject { ["uid"] = "plain-owner", ["kind"] = "Y", ["name"] = "y", ["apiVersion"] = "v1" });
        var plan = Assert.IsType<ChildPlan.Replace>(ChildPlan.Decide(Desired(), live));
        var uids = plan.Object["metadata"]!["ownerReferences"]!.AsArray().Select(o => (string?)o!["uid"]).ToList();
        Assert.Equal([LabFixtures.Lab().Metadata.Uid, "plain-owner"], uids);
    }
}
