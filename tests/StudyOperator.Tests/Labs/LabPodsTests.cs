using k8s.Models;
using StudyOperator.Labs;

namespace StudyOperator.Tests.Labs;

public sealed class LabPodsTests
{
    [Fact]
    public void Only_pods_owned_through_replicaset_and_deployment_by_this_lab_are_the_labs_pods()
    {
        var world = new LabWorld();
        var owned = world.Pods.Select(p => p.Metadata.Uid).ToHashSet();
        world.AddPod(ownerUid: "someone-elses-replicaset");
        world.AddPod(ownerUid: null);
        world.AddPod(labels: new Dictionary<string, string> { ["app"] = "other" });

        var pods = LabPods.Owned(world.Lab, world.Observation());

        Assert.Equal(owned, pods.Select(p => p.Metadata.Uid).ToHashSet());
    }

    [Fact]
    public void No_pod_is_the_labs_when_the_deployment_or_replicaset_belongs_to_another_owner()
    {
        var world = new LabWorld();
        world.Deployment.Metadata.OwnerReferences[0].Uid = "another-lab";
        Assert.Empty(LabPods.Owned(world.Lab, world.Observation()));

        var other = new LabWorld();
        other.ReplicaSet.Metadata.OwnerReferences[0].Uid = "another-deployment";
        Assert.Empty(LabPods.Owned(other.Lab, other.Observation()));
    }

    [Fact]
    public void A_non_controller_owner_reference_does_not_make_a_pod_the_labs()
    {
        var world = new LabWorld();
        foreach (var pod in world.Pods)
        {
            pod.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "x", Uid = LabWorld.ReplicaSetUid, Controller = false }];
        }

        Assert.Empty(LabPods.Owned(world.Lab, world.Observation()));
    }
}
