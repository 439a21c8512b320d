using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Tests.Infrastructure;

namespace StudyOperator.Sandbox.Tests.Conformance;

/// <summary>Areas C, H and I: tables, lists, chunking, watch semantics and selectors.</summary>
public sealed class ListWatchTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    private static JsonNode J(string json) => JsonNode.Parse(json)!;

    private static string Type(JsonObject e) => e["type"]!.GetValue<string>();

    private static string Name(JsonObject e) => e["object"]!["metadata"]!["name"]!.GetValue<string>();

    [Fact]
    public async Task Deployments_are_served_as_a_Table_with_ready_columns()
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.PostAsync($"/apis/apps/v1/namespaces/{ns}/deployments", Objects.Deployment(ns, "d", 3));
        var (code, table, _) = await sandbox.GetAsync($"/apis/apps/v1/namespaces/{ns}/deployments?limit=500", TableAccept);
        Assert.Equal(200, code);
        Assert.Equal("Table", table["kind"]!.GetValue<string>());
        Assert.Equal("meta.k8s.io/v1", table["apiVersion"]!.GetValue<string>());
        var names = table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector"], names);
        var row = table["rows"]![0]!;
        Assert.Equal("d", row["cells"]![0]!.GetValue<string>());
        // Ready/desired: how many are ready already depends on how far the controllers and kubelet got.
        Assert.Matches(@"^[0-3]/3$", row["cells"]![1]!.GetValue<string>());
        Assert.Equal("PartialObjectMetadata", row["object"]!["kind"]!.GetValue<string>());
        Assert.Equal(ns, row["object"]!["metadata"]!["namespace"]!.GetValue<string>());
    }

    [Fact]
    public async Task CR_tables_use_printer_columns_without_an_extra_age()
    {
        var ns = await sandbox.NamespaceAsync();
        var group = await Crds.CreateAsync(sandbox);
        await sandbox.PostAsync($"/apis/{group}/v1/namespaces/{ns}/widgets", Crds.Widget(group, ns, "w", 4, "blue"));
        var (_, table, _) = await sandbox.GetAsync($"/apis/{group}/v1/namespaces/{ns}/widgets", TableAccept);
        var names = table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["Name", "Replicas", "Color"], names);
        var cells = table["rows"]![0]!["cells"]!.AsArray();
        Assert.Equal(4, cells[1]!.GetValue<long>());
        Assert.Equal("blue", cells[2]!.GetValue<string>());
    }

    [Fact]
    public async Task Limit_and_continue_page_through_a_list()
    {
        var ns = await sandbox.NamespaceAsync();
        for (var i = 0; i < 5; i++)
        {
            await sandbox.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Objects.ConfigMap(ns, $"cm{i}"));
        }

        var seen = new List<string>();
        var (_, page, _) = await sandbox.GetAsync($"/api/v1/namespaces/{ns}/configmaps?limit=2");
        while (true)
        {
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
            var token = page["metadata"]!["continue"]?.GetValue<string>();
            if (token is null)
            {
                break;
            }

            (_, page, _) = await sandbox.GetAsync($"/api/v1/namespaces/{ns}/configmaps?limit=2&continue={Uri.EscapeDataString(token)}");
        }

        Assert.Equal(["cm0", "cm1", "cm2", "cm3", "cm4"], seen);
    }

    [Fact]
    public async Task Label_selectors_support_every_operator()
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Objects.ConfigMap(ns, "a", new JsonObject { ["tier"] = "web", ["env"] = "prod" }));
        await sandbox.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Objects.ConfigMap(ns, "b", new JsonObject { ["tier"] = "db" }));
        await sandbox.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Objects.ConfigMap(ns, "c"));

        async Task<string> Names(string selector)
        {
            var (_, list, _) = await sandbox.GetAsync($"/api/v1/namespaces/{ns}/configmaps?labelSelector={Uri.EscapeDataString(selector)}");
            return string.Join(",", list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
        }

        Assert.Equal("a", await Names("tier=web"));
        Assert.Equal("a", await Names("tier==web"));
        Assert.Equal("b,c", await Names("tier!=web"));
        Assert.Equal("a,b", await Names("tier in (web,db)"));
        Assert.Equal("b,c", await Names("tier notin (web)"));
        Assert.Equal("a,b", await Names("tier"));
        Assert.Equal("c", await Names("!tier"));
        Assert.Equal("a", await Names("tier,env=prod"));
    }

    [Fact]
    public async Task Field_selectors_cover_names_events_and_pods_and_refuse_others()
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Objects.ConfigMap(ns, "a"));
        await sandbox.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Objects.ConfigMap(ns, "b"));
        var (_, byName, _) = await sandbox.GetAsync($"/api/v1/namespaces/{ns}/configmaps?fieldSelector=metadata.name%3Db");
        Assert.Single(byName["items"]!.AsArray());
        var (_, notName, _) = await sandbox.GetAsync($"/api/v1/namespaces/{ns}/configmaps?fieldSelector=metadata.name!%3Db");
        Assert.Contains(notName["items"]!.AsArray(), i => i!["metadata"]!["name"]!.GetValue<string>() == "a");

        var (bad, body, _) = await sandbox.GetAsync($"/api/v1/namespaces/{ns}/configmaps?fieldSelector=data.k%3Dv");
        Assert.Equal(400, bad);
        Assert.Equal("field label not supported: data.k", body["message"]!.GetValue<string>());

        var ev = J("""{"apiVersion":"v1","kind":"Event","metadata":{"name":"e1"},"involvedObject":{"kind":"Pod","name":"p1","namespace":"__NS__"},"reason":"Started","type":"Normal","message":"m"}""".Replace("__NS__", ns.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.Equal(201, (await sandbox.PostAsync($"/api/v1/namespaces/{ns}/events", ev)).Code);
        var (_, events, _) = await sandbox.GetAsync($"/api/v1/namespaces/{ns}/events?fieldSelector={Uri.EscapeDataString("involvedObject.kind=Pod,involvedObject.name=p1,reason=Started,type=Normal")}");
        Assert.Single(events["items"]!.AsArray());

        var pod = J("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""");
        await sandbox.PostAsync($"/api/v1/namespaces/{ns}/pods", pod);
        // The sandbox kubelet binds and starts the pod (a virtual one: busybox is not a local image).
        await Eventually.True(
            async () => (await sandbox.GetAsync($"/api/v1/namespaces/{ns}/pods?fieldSelector={Uri.EscapeDataString("status.phase=Running,spec.nodeName=sandbox")}")).Body["items"]!.AsArray().Count == 1,
            TimeSpan.FromSeconds(10),
            "the pod to be selected by phase and node");
        var (_, pending, _) = await sandbox.GetAsync($"/api/v1/namespaces/{ns}/pods?fieldSelector={Uri.EscapeDataString("status.phase=Pending")}");
        Assert.Empty(pending["items"]!.AsArray());

        var group = await Crds.CreateAsync(sandbox);
        await sandbox.PostAsync($"/apis/{group}/v1/namespaces/{ns}/widgets", Crds.Widget(group, ns, "red", color: "red"));
        await sandbox.PostAsync($"/apis/{group}/v1/namespaces/{ns}/widgets", Crds.Widget(group, ns, "blue", color: "blue"));
        var (_, widgets, _) = await sandbox.GetAsync($"/apis/{group}/v1/namespaces/{ns}/widgets?fieldSelector=spec.color%3Dblue");
        Assert.Equal("blue", widgets["items"]![0]!["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(400, (await sandbox.GetAsync($"/apis/{group}/v1/namespaces/{ns}/widgets?fieldSelector=spec.replicas%3D1")).Code);
    }

    [Fact]
    public async Task Watch_from_zero_sends_existing_objects_then_live_changes_as_lines()
    {
        var ns = await sandbox.NamespaceAsync();
        var path = $"/api/v1/namespaces/{ns}/configmaps";
        await sandbox.PostAsync(path, Objects.ConfigMap(ns, "old"));
        await using var watch = await WatchStream.OpenAsync(sandbox, $"{path}?watch=true&resourceVersion=0");
        Assert.Equal(200, watch.StatusCode);
        Assert.Equal("application/json", watch.ContentType);
        var first = await watch.NextAsync();
        Assert.Equal("ADDED", Type(first!));
        Assert.Equal("old", Name(first!));
        Assert.Equal("ConfigMap", first!["object"]!["kind"]!.GetValue<string>());

        await sandbox.PostAsync(path, Objects.ConfigMap(ns, "new"));
        await sandbox.PatchAsync($"{path}/new", J("""{"data":{"k":"2"}}"""), "application/merge-patch+json");
        var (_, deleted, _) = await sandbox.DeleteAsync($"{path}/new");
        var events = await watch.TakeAsync(3);
        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], events.Select(Type));
        var deletedEvent = events[2]["object"]!;
        Assert.Equal("2", deletedEvent["data"]!["k"]!.GetValue<string>());
        Assert.NotEqual(events[1]["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>(), deletedEvent["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal("Success", deleted["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Watch_from_a_resourceVersion_sends_only_later_changes()
    {
        var ns = await sandbox.NamespaceAsync();
        var path = $"/api/v1/namespaces/{ns}/configmaps";
        await sandbox.PostAsync(path, Objects.ConfigMap(ns, "before"));
        var (_, list, _) = await sandbox.GetAsync(path);
        var rv = list["metadata"]!["resourceVersion"]!.GetValue<string>();
        await sandbox.PostAsync(path, Objects.ConfigMap(ns, "after"));
        await using var watch = await WatchStream.OpenAsync(sandbox, $"{path}?watch=1&resourceVersion={rv}");
        var e = await watch.NextAsync();
        Assert.Equal("ADDED", Type(e!));
        Assert.Equal("after", Name(e!));
    }

    [Fact]
    public async Task Watch_from_an_expired_resourceVersion_gets_an_ERROR_event_with_410()
    {
        var ns = await sandbox.NamespaceAsync();
        var path = $"/api/v1/namespaces/{ns}/configmaps";
        var (_, list, _) = await sandbox.GetAsync(path);
        var rv = list["metadata"]!["resourceVersion"]!.GetValue<string>();
        for (var i = 0; i < 2100; i++)
        {
            await sandbox.PostAsync(path, Objects.ConfigMap(ns, $"cm{i}"));
        }

        await using var watch = await WatchStream.OpenAsync(sandbox, $"{path}?watch=true&resourceVersion={rv}");
        Assert.Equal(200, watch.StatusCode);
        var e = await watch.NextAsync();
        Assert.Equal("ERROR", Type(e!));
        var status = e!["object"]!;
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal(410, status["code"]!.GetValue<int>());
        Assert.Equal("Expired", status["reason"]!.GetValue<string>());
        Assert.StartsWith($"too old resource version: {rv} (", status["message"]!.GetValue<string>());
        Assert.Null(await watch.NextAsync());
    }

    [Fact]
    public async Task Expiring_resourceVersions_at_runtime_makes_resuming_watches_410()
    {
        var ns = await sandbox.NamespaceAsync();
        var path = $"/api/v1/namespaces/{ns}/configmaps";
        await sandbox.PostAsync(path, Objects.ConfigMap(ns, "a"));
        var (_, list, _) = await sandbox.GetAsync(path);
        var rv = list["metadata"]!["resourceVersion"]!.GetValue<string>();
        await sandbox.PostAsync(path, Objects.ConfigMap(ns, "b"));
        Assert.Equal(200, (await sandbox.SendAsync(HttpMethod.Post, "/sandbox/faults/expire")).Code);
        await using var watch = await WatchStream.OpenAsync(sandbox, $"{path}?watch=true&resourceVersion={rv}");
        Assert.Equal("ERROR", Type((await watch.NextAsync())!));
    }

    [Fact]
    public async Task TimeoutSeconds_ends_the_stream_cleanly()
    {
        var ns = await sandbox.NamespaceAsync();
        await using var watch = await WatchStream.OpenAsync(sandbox, $"/api/v1/namespaces/{ns}/configmaps?watch=true&timeoutSeconds=1");
        Assert.Null(await watch.NextAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Selector_transitions_become_ADDED_and_DELETED()
    {
        var ns = await sandbox.NamespaceAsync();
        var path = $"/api/v1/namespaces/{ns}/configmaps";
        await sandbox.PostAsync(path, Objects.ConfigMap(ns, "x"));
        var (_, list, _) = await sandbox.GetAsync(path);
        await using var watch = await WatchStream.OpenAsync(sandbox, $"{path}?watch=true&labelSelector=on%3Dyes&resourceVersion={list["metadata"]!["resourceVersion"]}");
        await sandbox.PatchAsync($"{path}/x", J("""{"metadata":{"labels":{"on":"yes"}}}"""), "application/merge-patch+json");
        await sandbox.PatchAsync($"{path}/x", J("""{"data":{"k":"changed"}}"""), "application/merge-patch+json");
        await sandbox.PatchAsync($"{path}/x", J("""{"metadata":{"labels":{"on":"no"}}}"""), "application/merge-patch+json");
        var events = await watch.TakeAsync(3);
        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], events.Select(Type));
    }

    [Fact]
    public async Task WatchList_sends_initial_events_then_an_annotated_bookmark()
    {
        var ns = await sandbox.NamespaceAsync();
        var path = $"/api/v1/namespaces/{ns}/configmaps";
        await sandbox.PostAsync(path, Objects.ConfigMap(ns, "a"));
        await sandbox.PostAsync(path, Objects.ConfigMap(ns, "b"));
        await using var watch = await WatchStream.OpenAsync(sandbox, $"{path}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true");
        var events = await watch.TakeAsync(3);
        Assert.Equal(["ADDED", "ADDED", "BOOKMARK"], events.Select(Type));
        Assert.Equal("true", events[2]["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]!.GetValue<string>());
        Assert.NotNull(events[2]["object"]!["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public async Task Watching_a_single_object_by_name_and_as_a_table()
    {
        var ns = await sandbox.NamespaceAsync();
        var path = $"/apis/apps/v1/namespaces/{ns}/deployments";
        await sandbox.PostAsync(path, Objects.Deployment(ns, "a"));
        await sandbox.PostAsync(path, Objects.Deployment(ns, "b"));
        await using var watch = await WatchStream.OpenAsync(sandbox, $"{path}?watch=true&fieldSelector=metadata.name%3Db", TableAccept);
        var e = await watch.NextAsync();
        Assert.Equal("Table", e!["object"]!["kind"]!.GetValue<string>());
        Assert.Equal("b", e["object"]!["rows"]![0]!["cells"]![0]!.GetValue<string>());
    }
}
