using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Tests.Infrastructure;

namespace StudyOperator.Sandbox.Tests.Conformance;

/// <summary>Further list, table, watch and write details of areas C, G, H and J.</summary>
public sealed class MoreWireTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

    private static JsonNode J(string json) => JsonNode.Parse(json)!;

    [Fact]
    public async Task An_expired_continue_token_is_410()
    {
        var ns = await sandbox.NamespaceAsync();
        for (var i = 0; i < 3; i++)
        {
            await sandbox.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Objects.ConfigMap(ns, $"cm{i}"));
        }

        var (_, page, _) = await sandbox.GetAsync($"/api/v1/namespaces/{ns}/configmaps?limit=1");
        Assert.Equal(2, page["metadata"]!["remainingItemCount"]!.GetValue<long>());
        var token = page["metadata"]!["continue"]!.GetValue<string>();
        await sandbox.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Objects.ConfigMap(ns, "later"));
        sandbox.Server.ExpireResourceVersions();
        var (code, body, _) = await sandbox.GetAsync($"/api/v1/namespaces/{ns}/configmaps?limit=1&continue={Uri.EscapeDataString(token)}");
        Assert.Equal(410, code);
        Assert.Equal("Expired", body["reason"]!.GetValue<string>());
        Assert.StartsWith("The provided continue parameter is too old", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tables_include_the_object_on_request_and_pods_have_status_columns()
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.PostAsync($"/api/v1/namespaces/{ns}/pods", J("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}"""));
        JsonObject table = null!;
        // The sandbox kubelet starts the (virtual) pod at once; the columns then show it running and ready.
        await Eventually.True(
            async () => (table = (await sandbox.GetAsync($"/api/v1/namespaces/{ns}/pods?includeObject=Object", TableAccept)).Body)["rows"]![0]!["cells"]![2]!.GetValue<string>() == "Running",
            TimeSpan.FromSeconds(10),
            "the pod to run");
        Assert.Equal(["Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates"],
            table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        var row = table["rows"]![0]!;
        Assert.Equal("1/1", row["cells"]![1]!.GetValue<string>());
        Assert.Equal("Pod", row["object"]!["kind"]!.GetValue<string>());
        Assert.Equal(1, table["columnDefinitions"]![5]!["priority"]!.GetValue<int>());

        var (_, metadata, _) = await sandbox.GetAsync($"/api/v1/namespaces/{ns}/pods", "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json");
        Assert.Equal("PartialObjectMetadataList", metadata["kind"]!.GetValue<string>());
        Assert.Equal("p", metadata["items"]![0]!["metadata"]!["name"]!.GetValue<string>());
        Assert.Null(metadata["items"]![0]!["spec"]);
    }

    [Fact]
    public async Task CR_table_cells_are_null_when_the_path_is_missing()
    {
        var ns = await sandbox.NamespaceAsync();
        var group = await Crds.CreateAsync(sandbox);
        var widget = Crds.Widget(group, ns, "w");
        widget["spec"]!.AsObject().Remove("color");
        await sandbox.PostAsync($"/apis/{group}/v1/namespaces/{ns}/widgets", widget);
        var (_, table, _) = await sandbox.GetAsync($"/apis/{group}/v1/namespaces/{ns}/widgets/w", TableAccept);
        Assert.Null(table["rows"]![0]!["cells"]![2]);
    }

    [Fact]
    public async Task WatchList_without_NotOlderThan_is_refused()
    {
        var ns = await sandbox.NamespaceAsync();
        var (code, _, _) = await sandbox.GetAsync($"/api/v1/namespaces/{ns}/configmaps?watch=true&sendInitialEvents=true");
        Assert.Equal(422, code);
    }

    [Fact]
    public async Task Bookmarks_carry_only_the_resourceVersion()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { BookmarkInterval = TimeSpan.FromMilliseconds(200) });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var response = await http.GetAsync("/api/v1/namespaces/default/configmaps?watch=true&allowWatchBookmarks=true&resourceVersion=1", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var e = JsonNode.Parse((await reader.ReadLineAsync(cts.Token))!)!;
        Assert.Equal("BOOKMARK", e["type"]!.GetValue<string>());
        Assert.Equal("ConfigMap", e["object"]!["kind"]!.GetValue<string>());
        Assert.NotNull(e["object"]!["metadata"]!["resourceVersion"]);
        Assert.Null(e["object"]!["metadata"]!["name"]);
    }

    [Fact]
    public async Task Delete_collection_honours_selectors_and_dry_run_writes_nothing()
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Objects.ConfigMap(ns, "a", new JsonObject { ["x"] = "1" }));
        await sandbox.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Objects.ConfigMap(ns, "b"));
        var (code, deleted, _) = await sandbox.DeleteAsync($"/api/v1/namespaces/{ns}/configmaps?labelSelector=x%3D1");
        Assert.Equal(200, code);
        Assert.Equal("ConfigMapList", deleted["kind"]!.GetValue<string>());
        Assert.Single(deleted["items"]!.AsArray());
        Assert.Equal(404, (await sandbox.GetAsync($"/api/v1/namespaces/{ns}/configmaps/a")).Code);
        Assert.Equal(200, (await sandbox.GetAsync($"/api/v1/namespaces/{ns}/configmaps/b")).Code);

        Assert.Equal(201, (await sandbox.PostAsync($"/api/v1/namespaces/{ns}/configmaps?dryRun=All", Objects.ConfigMap(ns, "dry"))).Code);
        Assert.Equal(404, (await sandbox.GetAsync($"/api/v1/namespaces/{ns}/configmaps/dry")).Code);
    }

    [Fact]
    public async Task Namespace_finalize_clears_spec_finalizers()
    {
        var ns = await sandbox.NamespaceAsync();
        var (_, before, _) = await sandbox.GetAsync($"/api/v1/namespaces/{ns}");
        Assert.Equal("kubernetes", before["spec"]!["finalizers"]![0]!.GetValue<string>());
        before["spec"]!["finalizers"] = new JsonArray();
        var (code, after, _) = await sandbox.PutAsync($"/api/v1/namespaces/{ns}/finalize", before);
        Assert.Equal(200, code);
        Assert.Empty(after["spec"]!["finalizers"]!.AsArray());
    }

    [Fact]
    public async Task Services_get_a_loopback_cluster_IP_that_cannot_change()
    {
        var ns = await sandbox.NamespaceAsync();
        var path = $"/api/v1/namespaces/{ns}/services";
        var (_, a, _) = await sandbox.PostAsync(path, J("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"a"},"spec":{"selector":{"app":"a"},"ports":[{"port":80}]}}"""));
        var ip = a["spec"]!["clusterIP"]!.GetValue<string>();
        Assert.StartsWith("127.2.", ip);
        Assert.Equal(ip, a["spec"]!["clusterIPs"]![0]!.GetValue<string>());
        Assert.Equal(80, a["spec"]!["ports"]![0]!["targetPort"]!.GetValue<int>());
        Assert.Equal("None", a["spec"]!["sessionAffinity"]!.GetValue<string>());
        var (_, b, _) = await sandbox.PostAsync(path, J("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"b"},"spec":{"clusterIP":"None","ports":[{"port":80}]}}"""));
        Assert.Equal("None", b["spec"]!["clusterIP"]!.GetValue<string>());

        var put = a.DeepClone().AsObject();
        put["spec"]!.AsObject().Remove("clusterIP");
        put["spec"]!.AsObject().Remove("clusterIPs");
        var (kept, keptBody, _) = await sandbox.PutAsync($"{path}/a", put);
        Assert.Equal(200, kept);
        Assert.Equal(ip, keptBody["spec"]!["clusterIP"]!.GetValue<string>());

        var (changed, body, _) = await sandbox.PatchAsync($"{path}/a", J("""{"spec":{"clusterIP":"127.2.9.9","clusterIPs":["127.2.9.9"]}}"""), "application/merge-patch+json");
        Assert.Equal(422, changed);
        Assert.Contains("spec.clusterIPs[0]: Invalid value: []string{\"127.2.9.9\"}: may not change once set", body["message"]!.GetValue<string>());
        var (badName, _, _) = await sandbox.PostAsync(path, J("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"1bad"},"spec":{"ports":[{"port":80}]}}"""));
        Assert.Equal(422, badName);
    }

    [Fact]
    public async Task System_namespaces_may_not_be_deleted()
    {
        var (code, body, _) = await sandbox.DeleteAsync("/api/v1/namespaces/default");
        Assert.Equal(403, code);
        Assert.Equal("namespaces \"default\" is forbidden: this namespace may not be deleted", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_paths_and_verbs_answer_with_Status()
    {
        Assert.Equal(404, (await sandbox.GetAsync("/apis/nothing.example.com/v1/things")).Code);
        Assert.Equal(404, (await sandbox.GetAsync("/api/v1/namespaces/default/pods/p/bogus")).Code);
        var (code, body, _) = await sandbox.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps/named", Objects.ConfigMap("default", "named"));
        Assert.Equal(405, code);
        Assert.Equal("MethodNotAllowed", body["reason"]!.GetValue<string>());
    }
}
