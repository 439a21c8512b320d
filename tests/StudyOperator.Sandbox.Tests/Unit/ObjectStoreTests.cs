using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Tests.Unit;

public sealed class ObjectStoreTests
{
    private static JsonObject Obj(string name) => new() { ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "ns", ["uid"] = name + "-uid" } };

    [Fact]
    public void One_global_resourceVersion_increases_with_every_write()
    {
        var store = new ObjectStore();
        var a = store.Put("/configmaps", Obj("a"));
        var b = store.Put("apps/deployments", Obj("b"));
        var removed = store.Remove("/configmaps", "ns", "a")!;
        var rvs = new[] { a, b, removed }.Select(o => long.Parse(o["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(rvs.Order(), rvs);
        Assert.Equal(3, rvs.Distinct().Count());
        Assert.Equal(rvs[^1], store.CurrentResourceVersion);
    }

    [Fact]
    public void Subscriptions_replay_the_window_and_refuse_compacted_versions()
    {
        var store = new ObjectStore(windowSize: 16);
        var start = store.CurrentResourceVersion;
        store.Put("/configmaps", Obj("a"));
        using (var sub = store.Subscribe("/configmaps", "ns", start))
        {
            Assert.True(sub.Events.TryRead(out var e));
            Assert.Equal(WatchEventType.Added, e.Type);
        }

        for (var i = 0; i < 20; i++)
        {
            store.Put("/configmaps", Obj($"x{i}"));
        }

        var expired = Assert.Throws<ResourceVersionExpiredException>(() => store.Subscribe("/configmaps", "ns", start));
        Assert.StartsWith($"too old resource version: {start} (", expired.Message);
    }

    [Fact]
    public void Churn_on_one_resource_does_not_expire_watches_of_a_quiet_one()
    {
        var store = new ObjectStore(windowSize: 16);
        store.Put("example.com/labs", Obj("lab"));
        var start = store.CurrentResourceVersion;
        for (var i = 0; i < 100; i++)
        {
            store.Put("/pods", Obj($"p{i}"));
        }

        using var quiet = store.Subscribe("example.com/labs", null, start);
        Assert.False(quiet.Events.TryRead(out _));
        Assert.Throws<ResourceVersionExpiredException>(() => store.Subscribe("/pods", null, start));
        store.Compact();
        Assert.Throws<ResourceVersionExpiredException>(() => store.Subscribe("example.com/labs", null, start));
    }

    [Fact]
    public void Dependents_are_indexed_by_owner_uid()
    {
        var store = new ObjectStore();
        var dep = Obj("dep");
        dep["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject { ["uid"] = "owner-uid" });
        store.Put("/configmaps", dep);
        Assert.Single(store.DependentsOf("owner-uid"));
        store.Remove("/configmaps", "ns", "dep");
        Assert.Empty(store.DependentsOf("owner-uid"));
    }
}
