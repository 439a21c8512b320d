using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StudyOperator.Controller;

namespace StudyOperator.Tests.Controller;

public sealed class OwnerReferencesTests
{
    private static V1Deployment Child(params V1OwnerReference[] owners) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "workshop", OwnerReferences = owners },
    };

    private static V1OwnerReference Owner(string apiVersion, string kind, string name, bool? controller = true) =>
        new() { ApiVersion = apiVersion, Kind = kind, Name = name, Uid = Guid.NewGuid().ToString(), Controller = controller };

    [Fact]
    public void A_child_maps_to_its_controller_owner_in_its_namespace()
    {
        var child = Child(Owner("labs.study.dev/v1alpha1", "StudyLab", "self-healing"));

        Assert.Equal(new ObjectKey("workshop", "self-healing"), OwnerReferences.ControllerOwnerKey(child, "labs.study.dev/v1alpha1", "StudyLab"));
    }

    [Fact]
    public void The_owner_version_does_not_matter_only_group_and_kind()
    {
        var child = Child(Owner("labs.study.dev/v1beta1", "StudyLab", "lab"));

        Assert.Equal(new ObjectKey("workshop", "lab"), OwnerReferences.ControllerOwnerKey(child, "labs.study.dev/v1alpha1", "StudyLab"));
    }

    [Fact]
    public void Owners_that_are_not_the_controller_or_of_another_group_or_kind_are_ignored()
    {
        var child = Child(
            Owner("labs.study.dev/v1alpha1", "StudyLab", "not-controller", controller: false),
            Owner("labs.study.dev/v1alpha1", "StudyLab", "no-flag", controller: null),
            Owner("other.example.com/v1alpha1", "StudyLab", "other-group"),
            Owner("labs.study.dev/v1alpha1", "StudyRun", "other-kind"));

        Assert.Null(OwnerReferences.ControllerOwnerKey(child, "labs.study.dev/v1alpha1", "StudyLab"));
        Assert.Null(OwnerReferences.ControllerOwnerKey(Child(), "labs.study.dev/v1alpha1", "StudyLab"));
    }

    [Fact]
    public void Core_and_named_groups_are_told_apart()
    {
        var pod = Child(Owner("apps/v1", "ReplicaSet", "web-5d9c"));

        Assert.Equal(new ObjectKey("workshop", "web-5d9c"), OwnerReferences.ControllerOwnerKey(pod, "apps/v1", "ReplicaSet"));
        Assert.Null(OwnerReferences.ControllerOwnerKey(pod, "v1", "ReplicaSet"));
        Assert.Equal("", OwnerReferences.GroupOf("v1"));
        Assert.Equal("apps", OwnerReferences.GroupOf("apps/v1"));
    }

    [Fact]
    public void The_enqueue_handler_adds_both_old_and_new_owner_on_an_ownership_change()
    {
        using var meters = new TestMeterFactory();
        using var queue = new WorkQueue<ObjectKey>("labs", new WorkQueueOptions(), new FakeTimeProvider(), new ControllerMetrics(meters), NullLogger.Instance);
        var handler = OwnerReferences.EnqueueOwner<V1Deployment>(queue, "labs.study.dev/v1alpha1", "StudyLab");

        handler.OnUpdate!(Child(Owner("labs.study.dev/v1alpha1", "StudyLab", "old")), Child(Owner("labs.study.dev/v1alpha1", "StudyLab", "new")));
        handler.OnDelete!(Child(Owner("apps/v1", "ReplicaSet", "unrelated")));

        Assert.Equal(2, queue.Count);
    }

    [Fact]
    public void Keys_print_and_parse_like_client_go()
    {
        Assert.Equal("workshop/lab", new ObjectKey("workshop", "lab").ToString());
        Assert.Equal("node-1", new ObjectKey(null, "node-1").ToString());
        Assert.Equal(new ObjectKey("workshop", "lab"), ObjectKey.Parse("workshop/lab"));
        Assert.Equal(new ObjectKey(null, "node-1"), ObjectKey.Parse("node-1"));
    }
}
