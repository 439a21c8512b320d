using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Registry;

namespace StudyOperator.Sandbox.Api;

/// <summary>Legacy discovery documents (APIVersions, APIGroupList, APIGroup, APIResourceList), built from the registry on each request.</summary>
internal static class Discovery
{
    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.0-sandbox",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2024-12-11T00:00:00Z",
        ["goVersion"] = "go1.23.3",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject ApiVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject GroupList(ResourceRegistry registry) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(Groups(registry).Select(g => (JsonNode?)Group(g.Key, g.Value)).ToArray()),
    };

    public static JsonObject? Group(ResourceRegistry registry, string group)
    {
        var groups = Groups(registry);
        if (!groups.TryGetValue(group, out var versions))
        {
            return null;
        }

        var doc = Group(group, versions);
        doc["kind"] = "APIGroup";
        doc["apiVersion"] = "v1";
        return doc;
    }

    public static JsonObject? ResourceList(ResourceRegistry registry, string group, string version)
    {
        var types = registry.All.Where(t => t.Group == group && t.Version == version).OrderBy(t => t.Plural, StringComparer.Ordinal).ToList();
        if (types.Count == 0)
        {
            return null;
        }

        var resources = new JsonArray();
        foreach (var t in types)
        {
            var verbs = t.Kind == "Namespace" ? t.Verbs.Where(v => v != "deletecollection").ToList() : t.Verbs.ToList();
            var entry = new JsonObject
            {
                ["name"] = t.Plural,
                ["singularName"] = t.Singular,
                ["namespaced"] = t.Namespaced,
                ["kind"] = t.Kind,
                ["verbs"] = Array(verbs),
            };
            if (t.ShortNames.Count > 0)
            {
                entry["shortNames"] = Array(t.ShortNames);
            }

            if (t.Categories.Count > 0)
            {
                entry["categories"] = Array(t.Categories);
            }

            resources.Add(entry);
            if (t.Kind == "Namespace")
            {
                resources.Add(Sub(t, "finalize", t.Kind, ["update"]));
            }

            if (t.HasLog)
            {
                resources.Add(Sub(t, "log", t.Kind, ["get"]));
            }

            if (t.HasProxy)
            {
                resources.Add(Sub(t, "proxy", t.Kind + "ProxyOptions", ["create", "delete", "get", "patch", "update"]));
            }

            if (t.HasScale)
            {
                var scale = Sub(t, "scale", "Scale", ["get", "patch", "update"]);
                scale["group"] = "autoscaling";
                scale["version"] = "v1";
                resources.Add(scale);
            }

            if (t.HasStatus)
            {
                resources.Add(Sub(t, "status", t.Kind, ["get", "patch", "update"]));
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = types[0].GroupVersion,
            ["resources"] = resources,
        };
    }

    /// <summary>Groups with their versions, preferred version first (kube-aware version priority).</summary>
    public static SortedDictionary<string, List<string>> Groups(ResourceRegistry registry)
    {
        var groups = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var t in registry.All.Where(t => t.Group.Length > 0))
        {
            if (!groups.TryGetValue(t.Group, out var versions))
            {
                versions = [];
                groups[t.Group] = versions;
            }

            if (!versions.Contains(t.Version))
            {
                versions.Add(t.Version);
            }
        }

        foreach (var versions in groups.Values)
        {
            versions.Sort(KubeVersionComparer.Instance);
        }

        return groups;
    }

    private static JsonObject Group(string name, List<string> versions)
    {
        JsonObject Gv(string v) => new() { ["groupVersion"] = $"{name}/{v}", ["version"] = v };
        return new JsonObject
        {
            ["name"] = name,
            ["versions"] = new JsonArray(versions.Select(v => (JsonNode?)Gv(v)).ToArray()),
            ["preferredVersion"] = Gv(versions[0]),
        };
    }

    private static JsonObject Sub(ResourceType t, string sub, string kind, string[] verbs) => new()
    {
        ["name"] = $"{t.Plural}/{sub}",
        ["singularName"] = "",
        ["namespaced"] = t.Namespaced,
        ["kind"] = kind,
        ["verbs"] = Array(verbs),
    };

    private static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)v).ToArray());
}
