using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Controllers;
using StudyOperator.Sandbox.Registry;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Tests.Controllers;

/// <summary>
/// The cluster controllers over a bare store, stepped by hand: every committed change waits in the subscription until
/// the test hands it to <see cref="ClusterControllers.Handle"/>, so a test fixes the order in which the collector and
/// the other actors (the kubelet, clients, workload controllers) see and change the cluster.
/// </summary>
internal sealed class ControllerHarness : IDisposable
{
    private readonly StoreSubscription subscription;
    private readonly ClusterControllers controllers;

    public ControllerHarness()
    {
        var store = new ObjectStore(time: Time);
        Service = new ResourceService(store, new ResourceRegistry(), Time);
        controllers = new ClusterControllers(Service, NullLogger<ClusterControllers>.Instance, TimeSpan.Zero, CancellationToken.None);
        subscription = store.SubscribeLive(null, null);
        Service.Create(Namespaces, "", new JsonObject { ["metadata"] = new JsonObject { ["name"] = Ns } }, WriteOptions.Internal);
        Settle();
    }

    public const string Ns = "gc";

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public ResourceService Service { get; }

    public ResourceType Namespaces => Service.Registry.Get("", "v1", "namespaces");

    public ResourceType Pods => Service.Registry.Get("", "v1", "pods");

    public ResourceType ConfigMaps => Service.Registry.Get("", "v1", "configmaps");

    public ResourceType ReplicaSets => Service.Registry.Get("apps", "v1", "replicasets");

    public ResourceType Deployments => Service.Registry.Get("apps", "v1", "deployments");

    /// <summary>Hands the next committed change to the controllers; false when none is waiting.</summary>
    public bool Step()
    {
        if (!subscription.Events.TryRead(out var e))
        {
            return false;
        }

        controllers.Handle(e);
        return true;
    }

    /// <summary>Steps until the controllers have seen every change, including the ones they made themselves.</summary>
    public void Settle()
    {
        for (var i = 0; i < 10_000; i++)
        {
            if (!Step())
            {
                return;
            }
        }

        Assert.Fail("the controllers did not settle within 10000 steps");
    }

    /// <summary>Hands changes to the controllers until <paramref name="handled"/> one matches, leaving the rest waiting.</summary>
    public void StepUntil(Func<StoreEvent, bool> handled)
    {
        for (var i = 0; i < 10_000; i++)
        {
            Assert.True(subscription.Events.TryRead(out var e), "the awaited change never came");
            controllers.Handle(e);
            if (handled(e))
            {
                return;
            }
        }

        Assert.Fail("the awaited change did not come within 10000 steps");
    }

    public JsonObject? Get(ResourceType type, string name) => Service.Store.Get(type.EffectiveStorageKey, type.Namespaced ? Ns : "", name);

    public JsonObject Create(ResourceType type, JsonObject body) => Service.Create(type, Ns, body, WriteOptions.Internal).Object;

    public JsonObject Owner(string name) => Create(ReplicaSets, JsonNode.Parse("""
        {"metadata":{"name":"__NAME__"},
         "spec":{"replicas":1,"selector":{"matchLabels":{"app":"__NAME__"}},
           "template":{"metadata":{"labels":{"app":"__NAME__"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}}}
        """.Replace("__NAME__", name, StringComparison.Ordinal))!.AsObject());

    /// <summary>A pod bound to the node (so its deletion is graceful, 30 s by default) owned by <paramref name="owner"/>.</summary>
    public JsonObject Pod(string name, JsonObject owner, params string[] finalizers) => Create(Pods, new JsonObject
    {
        ["metadata"] = Meta(name, owner, finalizers),
        ["spec"] = new JsonObject { ["nodeName"] = "sandbox-node", ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox" }) },
    });

    public JsonObject ConfigMap(string name, JsonObject? owner, params string[] finalizers) => Create(ConfigMaps, new JsonObject
    {
        ["metadata"] = Meta(name, owner, finalizers),
        ["data"] = new JsonObject { ["k"] = "v" },
    });

    public static JsonObject OwnerRef(JsonObject owner, bool block = true, bool controller = true) => new()
    {
        ["apiVersion"] = owner["apiVersion"]!.GetValue<string>(),
        ["kind"] = owner["kind"]!.GetValue<string>(),
        ["name"] = owner.Name(),
        ["uid"] = owner.Uid(),
        ["controller"] = controller,
        ["blockOwnerDeletion"] = block,
    };

    public static string[] Finalizers(JsonObject? obj) => obj?.Finalizers().ToArray() ?? [];

    public void Dispose() => subscription.Dispose();

    private static JsonObject Meta(string name, JsonObject? owner, string[] finalizers)
    {
        var meta = new JsonObject { ["name"] = name };
        if (owner is not null)
        {
            meta["ownerReferences"] = new JsonArray(OwnerRef(owner));
        }

        if (finalizers.Length > 0)
        {
            meta["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)f).ToArray());
        }

        return meta;
    }
}
