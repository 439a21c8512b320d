using k8s;
using k8s.Models;
using StudyOperator.Controller;
using static StudyOperator.Tests.Controller.Pods;

namespace StudyOperator.Tests.Controller;

public sealed class StringPoolTests
{
    [Fact]
    public void Equal_strings_come_back_as_one_instance()
    {
        var pool = new StringPool();
        var first = Fresh("app.kubernetes.io/name");
        var second = Fresh("app.kubernetes.io/name");
        Assert.NotSame(first, second);

        Assert.Same(first, pool.Intern(first));
        Assert.Same(first, pool.Intern(second));
        Assert.Null(pool.Intern(null));
    }

    [Fact]
    public void Long_strings_are_passed_through_unpooled()
    {
        var pool = new StringPool();
        var first = new string('x', StringPool.MaxLength + 1);
        var second = new string('x', StringPool.MaxLength + 1);

        Assert.Same(first, pool.Intern(first));
        Assert.Same(second, pool.Intern(second));
        Assert.Equal(0, pool.Count);
    }

    [Fact]
    public void A_full_pool_forgets_everything_and_starts_over()
    {
        var pool = new StringPool(capacity: 2);
        var a = pool.Intern(Fresh("a"));
        pool.Intern(Fresh("b"));
        Assert.Equal(2, pool.Count);

        var c = pool.Intern(Fresh("c"));
        Assert.Equal(1, pool.Count);
        Assert.Same(c, pool.Intern(Fresh("c")));

        // "a" was forgotten: a new instance is pooled instead, still equal.
        var again = pool.Intern(Fresh("a"));
        Assert.NotSame(a, again);
        Assert.Equal(a, again);
    }

    [Fact]
    public void Metadata_shares_namespace_labels_annotation_keys_and_owner_strings_but_keeps_every_value()
    {
        var pool = new StringPool();
        var one = Meta("uid-1", "hash-1");
        var two = Meta("uid-2", "hash-2");
        var expected = KubernetesJson.Serialize(Meta("uid-1", "hash-1"));

        pool.InternMetadata(one);
        pool.InternMetadata(two);

        Assert.Equal(expected, KubernetesJson.Serialize(one));
        Assert.Same(one.NamespaceProperty, two.NamespaceProperty);
        Assert.Same(one.Labels.Keys.Single(), two.Labels.Keys.Single());
        Assert.Same(one.Labels.Values.Single(), two.Labels.Values.Single());
        Assert.Same(one.Annotations.Keys.Single(), two.Annotations.Keys.Single());
        Assert.Same(one.OwnerReferences[0].ApiVersion, two.OwnerReferences[0].ApiVersion);
        Assert.Same(one.OwnerReferences[0].Kind, two.OwnerReferences[0].Kind);
        Assert.Same(one.OwnerReferences[0].Name, two.OwnerReferences[0].Name);

        // scale, the label key, l001 (label value and owner name), the annotation key, apiVersion, kind: UIDs and
        // annotation values are one of a kind and stay out of the pool.
        Assert.Equal(6, pool.Count);
        Assert.Equal("uid-1", one.Uid);
        Assert.Equal("hash-2", two.Annotations.Values.Single());
    }

    [Fact]
    public async Task An_informer_caches_metadata_with_shared_strings_unless_told_not_to()
    {
        await using var h = new InformerHarness();
        var watch = await h.StartSyncedAsync("100", Labelled("p1", "10"));
        watch.Emit(WatchEventType.Added, Labelled("p2", "101"));
        await h.EventsAsync(2);

        var p1 = h.Informer.Get(new ObjectKey("lab", "p1"))!;
        var p2 = h.Informer.Get(new ObjectKey("lab", "p2"))!;
        Assert.Same(p1.Metadata.NamespaceProperty, p2.Metadata.NamespaceProperty);
        Assert.Same(p1.Metadata.Labels["labs.study.dev/lab"], p2.Metadata.Labels["labs.study.dev/lab"]);
        Assert.Equal("a", p2.Metadata.Labels["labs.study.dev/lab"]);

        Assert.False(new InformerOptions { Name = "x", InternMetadata = false }.InternMetadata);
    }

    private static V1Pod Labelled(string name, string resourceVersion)
    {
        var pod = Pod(name, resourceVersion, ns: Fresh("lab"));
        pod.Metadata.Labels = new Dictionary<string, string> { [Fresh("labs.study.dev/lab")] = Fresh("a") };
        return pod;
    }

    private static V1ObjectMeta Meta(string uid, string hash) => new()
    {
        Name = Fresh("demo"),
        NamespaceProperty = Fresh("scale"),
        Uid = uid,
        Labels = new Dictionary<string, string> { [Fresh("labs.study.dev/lab")] = Fresh("l001") },
        Annotations = new Dictionary<string, string> { [Fresh("labs.study.dev/desired-hash")] = hash },
        OwnerReferences = [new V1OwnerReference { ApiVersion = Fresh("labs.study.dev/v1alpha1"), Kind = Fresh("StudyLab"), Name = Fresh("l001"), Uid = "lab-uid", Controller = true }],
    };

    /// <summary>A string instance of its own (a literal would be the runtime's one interned instance).</summary>
    private static string Fresh(string value) => new([.. value]);
}
