using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Tests.Controllers;

/// <summary>
/// Foreground deletion under fixed interleavings of the collector and the other actors (the flake behind
/// LifecycleTests.Foreground_deletion_removes_blocking_dependents_before_the_owner on a loaded machine).
/// </summary>
public sealed class GarbageCollectorTests : IDisposable
{
    private const string Hold = "example.com/hold";
    private readonly ControllerHarness h = new();

    public void Dispose() => h.Dispose();

    private void DeleteForeground(JsonObject owner) =>
        h.Service.Delete(h.ReplicaSets, ControllerHarness.Ns, owner.Name(), new DeleteOptions("Foreground"));

    /// <summary>The kubelet's last word on a pod whose containers have stopped (PodWorker.TerminateAsync).</summary>
    private void KubeletFinishes(JsonObject pod) =>
        h.Service.Delete(h.Pods, ControllerHarness.Ns, pod.Name(), new DeleteOptions(GracePeriodSeconds: 0, PreconditionUid: pod.Uid()));

    private static Func<StoreEvent, bool> Deleting(JsonObject obj) =>
        e => e.Object.Uid() == obj.Uid() && e.Type == WatchEventType.Modified && e.Object.IsTerminating();

    [Fact]
    public void A_pod_the_kubelet_finishes_before_the_collector_sees_it_terminating_still_goes_and_releases_its_owner()
    {
        var owner = h.Owner("rs");
        var pod = h.Pod("p", owner);
        h.Settle();

        DeleteForeground(owner);
        h.StepUntil(Deleting(owner)); // the collector deletes the pod...
        Assert.True(h.Get(h.Pods, "p")!.IsTerminating());
        KubeletFinishes(pod); // ...and the kubelet is done with it before the collector looks at the pod again.
        h.Settle();

        Assert.Null(h.Get(h.Pods, "p"));
        Assert.Null(h.Get(h.ReplicaSets, "rs"));
    }

    [Fact]
    public void A_pod_whose_own_finalizer_goes_after_the_kubelet_finished_it_goes_and_releases_its_owner()
    {
        var owner = h.Owner("rs");
        var pod = h.Pod("p", owner, Hold);
        h.Settle();

        DeleteForeground(owner);
        h.Settle();
        KubeletFinishes(pod);
        h.Settle();
        Assert.NotNull(h.Get(h.ReplicaSets, "rs"));

        h.Service.RemoveFinalizer(h.Pods, ControllerHarness.Ns, "p", Hold);
        h.Settle();

        Assert.Null(h.Get(h.Pods, "p"));
        Assert.Null(h.Get(h.ReplicaSets, "rs"));
    }

    [Fact]
    public void A_grace_zero_delete_of_a_terminating_pod_with_a_finalizer_shortens_its_grace_period()
    {
        var owner = h.Owner("rs");
        var pod = h.Pod("p", owner, Hold);
        var requested = h.Time.GetUtcNow();
        h.Service.Delete(h.Pods, ControllerHarness.Ns, "p", new DeleteOptions());
        Assert.Equal(30, h.Get(h.Pods, "p")!.At("metadata", "deletionGracePeriodSeconds").Long());

        h.Time.Advance(TimeSpan.FromSeconds(5));
        KubeletFinishes(pod);
        var shortened = h.Get(h.Pods, "p")!;
        Assert.Equal(0, shortened.At("metadata", "deletionGracePeriodSeconds").Long());
        Assert.Equal(requested, DateTimeOffset.Parse(shortened.Str("metadata", "deletionTimestamp")!, System.Globalization.CultureInfo.InvariantCulture));

        // A longer grace period cannot stretch it again.
        h.Service.Delete(h.Pods, ControllerHarness.Ns, "p", new DeleteOptions(GracePeriodSeconds: 10));
        Assert.Equal(0, h.Get(h.Pods, "p")!.At("metadata", "deletionGracePeriodSeconds").Long());

        h.Service.RemoveFinalizer(h.Pods, ControllerHarness.Ns, "p", Hold);
        Assert.Null(h.Get(h.Pods, "p"));
    }

    [Fact]
    public void Leaf_dependents_are_deleted_in_the_background_and_dependents_with_dependents_in_the_foreground()
    {
        var deployment = h.Create(h.Deployments, JsonNode.Parse("""
            {"metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"app":"d"}},
             "template":{"metadata":{"labels":{"app":"d"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}}}
            """)!.AsObject());
        var rs = h.Create(h.ReplicaSets, JsonNode.Parse("""
            {"metadata":{"name":"rs","ownerReferences":[__REF__]},
             "spec":{"selector":{"matchLabels":{"app":"d"}},
               "template":{"metadata":{"labels":{"app":"d"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}}}
            """.Replace("__REF__", ControllerHarness.OwnerRef(deployment).ToJsonString(), StringComparison.Ordinal))!.AsObject());
        h.Pod("p", rs);
        h.ConfigMap("leaf", deployment, Hold);
        h.Settle();

        h.Service.Delete(h.Deployments, ControllerHarness.Ns, "d", new DeleteOptions("Foreground"));
        h.StepUntil(e => e.Object.Uid() == deployment.Uid() && e.Object.IsTerminating());

        Assert.Equal(["foregroundDeletion"], ControllerHarness.Finalizers(h.Get(h.ReplicaSets, "rs")));
        Assert.Equal([Hold], ControllerHarness.Finalizers(h.Get(h.ConfigMaps, "leaf")));
        Assert.True(h.Get(h.ConfigMaps, "leaf")!.IsTerminating());
    }

    [Fact]
    public void A_dependent_created_while_its_owner_waits_for_foreground_deletion_is_deleted_too()
    {
        var owner = h.Owner("rs");
        h.ConfigMap("held", owner, Hold);
        h.Settle();
        DeleteForeground(owner);
        h.Settle();

        // A controller that read the owner before its deletion creates one more dependent.
        h.ConfigMap("late", owner);
        h.Settle();

        Assert.Null(h.Get(h.ConfigMaps, "late"));
        Assert.NotNull(h.Get(h.ReplicaSets, "rs"));
        h.Service.RemoveFinalizer(h.ConfigMaps, ControllerHarness.Ns, "held", Hold);
        h.Settle();
        Assert.Null(h.Get(h.ReplicaSets, "rs"));
    }

    [Theory]
    [InlineData("dropped")]
    [InlineData("unblocked")]
    public void An_owner_waiting_for_foreground_deletion_goes_once_its_last_blocking_dependent_lets_go_of_it(string how)
    {
        var owner = h.Owner("rs");
        h.ConfigMap("held", owner, Hold);
        h.Settle();
        DeleteForeground(owner);
        h.Settle();
        Assert.True(h.Get(h.ConfigMaps, "held")!.IsTerminating());
        Assert.NotNull(h.Get(h.ReplicaSets, "rs"));

        h.Service.Mutate(h.ConfigMaps, ControllerHarness.Ns, "held", o =>
        {
            if (how == "dropped")
            {
                o.Meta().Remove("ownerReferences");
            }
            else
            {
                o.Meta()["ownerReferences"] = new JsonArray(ControllerHarness.OwnerRef(owner, block: false));
            }
        });
        h.Settle();

        Assert.Null(h.Get(h.ReplicaSets, "rs"));
        Assert.NotNull(h.Get(h.ConfigMaps, "held"));
    }

    [Fact]
    public void A_foreground_owner_whose_dependent_went_before_the_collector_saw_the_deletion_still_goes()
    {
        var owner = h.Owner("rs");
        h.ConfigMap("dep", owner);
        h.Settle();

        DeleteForeground(owner);
        h.Service.Delete(h.ConfigMaps, ControllerHarness.Ns, "dep", new DeleteOptions());
        h.Settle();

        Assert.Null(h.Get(h.ReplicaSets, "rs"));
    }

    [Fact]
    public void A_dependent_another_live_owner_holds_is_kept_and_only_lets_go_of_the_deleting_owner()
    {
        var deleting = h.Owner("deleting");
        var keeper = h.Owner("keeper");
        h.Create(h.ConfigMaps, new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = "shared",
                ["ownerReferences"] = new JsonArray(ControllerHarness.OwnerRef(deleting), ControllerHarness.OwnerRef(keeper, controller: false)),
            },
        });
        h.Settle();

        DeleteForeground(deleting);
        h.Settle();

        Assert.Null(h.Get(h.ReplicaSets, "deleting"));
        var shared = h.Get(h.ConfigMaps, "shared")!;
        Assert.False(shared.IsTerminating());
        Assert.Equal([keeper.Uid()], ObjectStore.OwnerUids(shared));
    }
}
