using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using StudyOperator.Sandbox.Diagnostics;
using StudyOperator.Sandbox.Tests.Infrastructure;

namespace StudyOperator.Sandbox.Tests.Conformance;

/// <summary>Areas J, N, O, P and the fault injection of "Operating it".</summary>
public sealed class LifecycleTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static JsonNode J(string json) => JsonNode.Parse(json)!;

    private async Task<JsonObject> CreateOwnerAsync(string ns, string name)
    {
        var (_, owner, _) = await sandbox.PostAsync($"/apis/apps/v1/namespaces/{ns}/deployments", Objects.Deployment(ns, name));
        return owner;
    }

    private async Task CreateDependentAsync(string ns, string name, JsonObject owner, bool block = false) =>
        Assert.Equal(201, (await sandbox.PostAsync($"/api/v1/namespaces/{ns}/configmaps",
            Objects.ConfigMap(ns, name, ownerReferences: new JsonArray(Objects.OwnerRef(owner, controller: true, block: block))))).Code);

    private async Task<bool> GoneAsync(string path) => (await sandbox.GetAsync(path)).Code == 404;

    [Fact]
    public async Task Background_deletion_collects_dependents()
    {
        var ns = await sandbox.NamespaceAsync();
        var owner = await CreateOwnerAsync(ns, "owner");
        await CreateDependentAsync(ns, "dep", owner);
        Assert.Equal(200, (await sandbox.DeleteAsync($"/apis/apps/v1/namespaces/{ns}/deployments/owner")).Code);
        await Eventually.True(() => GoneAsync($"/api/v1/namespaces/{ns}/configmaps/dep"), TimeSpan.FromSeconds(10), "the dependent to be collected");
    }

    [Fact]
    public async Task Foreground_deletion_removes_blocking_dependents_before_the_owner()
    {
        var ns = await sandbox.NamespaceAsync();
        var owner = await CreateOwnerAsync(ns, "owner");
        await CreateDependentAsync(ns, "dep", owner, block: true);
        await sandbox.PatchAsync($"/api/v1/namespaces/{ns}/configmaps/dep", J("""{"metadata":{"finalizers":["example.com/hold"]}}"""), "application/merge-patch+json");
        var (code, deleting, _) = await sandbox.DeleteAsync($"/apis/apps/v1/namespaces/{ns}/deployments/owner", J("""{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Foreground"}"""));
        Assert.Equal(200, code);
        Assert.Contains("foregroundDeletion", deleting["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(2, deleting["metadata"]!["generation"]!.GetValue<long>());
        await Eventually.True(async () => (await sandbox.GetAsync($"/api/v1/namespaces/{ns}/configmaps/dep")).Body["metadata"]?["deletionTimestamp"] is not null,
            TimeSpan.FromSeconds(10), "the dependent to be deleting");
        Assert.Equal(200, (await sandbox.GetAsync($"/apis/apps/v1/namespaces/{ns}/deployments/owner")).Code);

        await sandbox.PatchAsync($"/api/v1/namespaces/{ns}/configmaps/dep", J("""{"metadata":{"finalizers":null}}"""), "application/merge-patch+json");
        // The owner also waits for its ReplicaSets and their pods (the controllers made them), hence the longer deadline.
        await Eventually.True(() => GoneAsync($"/apis/apps/v1/namespaces/{ns}/deployments/owner"), TimeSpan.FromSeconds(30), "the owner to go after its dependents");
    }

    [Fact]
    public async Task Orphan_deletion_strips_owner_references_and_keeps_dependents()
    {
        var ns = await sandbox.NamespaceAsync();
        var owner = await CreateOwnerAsync(ns, "owner");
        await CreateDependentAsync(ns, "dep", owner);
        Assert.Equal(200, (await sandbox.DeleteAsync($"/apis/apps/v1/namespaces/{ns}/deployments/owner?propagationPolicy=Orphan")).Code);
        await Eventually.True(() => GoneAsync($"/apis/apps/v1/namespaces/{ns}/deployments/owner"), TimeSpan.FromSeconds(10), "the owner to go");
        var (code, dep, _) = await sandbox.GetAsync($"/api/v1/namespaces/{ns}/configmaps/dep");
        Assert.Equal(200, code);
        Assert.Null(dep["metadata"]!["ownerReferences"]);
    }

    [Fact]
    public async Task Dependents_of_absent_owners_are_collected()
    {
        var ns = await sandbox.NamespaceAsync();
        var fake = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["metadata"] = new JsonObject { ["name"] = "ghost", ["uid"] = Guid.NewGuid().ToString() } };
        await CreateDependentAsync(ns, "dep", fake);
        await Eventually.True(() => GoneAsync($"/api/v1/namespaces/{ns}/configmaps/dep"), TimeSpan.FromSeconds(10), "the orphan to be collected");
    }

    [Fact]
    public async Task Two_controller_references_are_invalid()
    {
        var ns = await sandbox.NamespaceAsync();
        var a = await CreateOwnerAsync(ns, "a");
        var b = await CreateOwnerAsync(ns, "b");
        var (code, _, _) = await sandbox.PostAsync($"/api/v1/namespaces/{ns}/configmaps",
            Objects.ConfigMap(ns, "dep", ownerReferences: new JsonArray(Objects.OwnerRef(a, controller: true), Objects.OwnerRef(b, controller: true))));
        Assert.Equal(422, code);
    }

    [Fact]
    public async Task Deleting_a_namespace_removes_its_content_then_the_namespace()
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Objects.ConfigMap(ns, "cm"));
        await sandbox.PostAsync($"/apis/apps/v1/namespaces/{ns}/deployments", Objects.Deployment(ns, "d"));
        var (code, deleting, _) = await sandbox.DeleteAsync($"/api/v1/namespaces/{ns}");
        Assert.Equal(200, code);
        Assert.Equal("Terminating", deleting["status"]!["phase"]!.GetValue<string>());
        await Eventually.True(() => GoneAsync($"/api/v1/namespaces/{ns}"), TimeSpan.FromSeconds(10), "the namespace to be finalized");
        Assert.Empty((await sandbox.GetAsync($"/api/v1/namespaces/{ns}/configmaps")).Body["items"]!.AsArray());
    }

    [Fact]
    public async Task Namespaces_get_a_default_service_account()
    {
        var ns = await sandbox.NamespaceAsync();
        await Eventually.True(async () => (await sandbox.GetAsync($"/api/v1/namespaces/{ns}/serviceaccounts/default")).Code == 200, TimeSpan.FromSeconds(10), "the default service account");
    }

    [Fact]
    public async Task Deleting_a_CRD_deletes_its_custom_resources()
    {
        var ns = await sandbox.NamespaceAsync();
        var group = await Crds.CreateAsync(sandbox);
        await sandbox.PostAsync($"/apis/{group}/v1/namespaces/{ns}/widgets", Crds.Widget(group, ns, "w"));
        Assert.Equal(200, (await sandbox.DeleteAsync($"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.{group}")).Code);
        await Eventually.True(() => GoneAsync($"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.{group}"), TimeSpan.FromSeconds(10), "the CRD to go");
        Assert.Equal(404, (await sandbox.GetAsync($"/apis/{group}/v1/namespaces/{ns}/widgets/w")).Code);
        Assert.Empty(sandbox.Server.Store.List($"{group}/widgets", null).Items);
    }

    [Fact]
    public async Task Leases_follow_the_shape_and_racing_updates_conflict()
    {
        var ns = await sandbox.NamespaceAsync();
        var lease = J("""{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"leader"},"spec":{"holderIdentity":"a","leaseDurationSeconds":15,"acquireTime":"2024-01-01T00:00:00.000000Z","renewTime":"2024-01-01T00:00:00.000000Z","leaseTransitions":0}}""");
        var (code, created, _) = await sandbox.PostAsync($"/apis/coordination.k8s.io/v1/namespaces/{ns}/leases", lease);
        Assert.Equal(201, code);
        Assert.Equal("2024-01-01T00:00:00.000000Z", created["spec"]!["renewTime"]!.GetValue<string>());
        var first = created.DeepClone().AsObject();
        first["spec"]!["holderIdentity"] = "b";
        var second = created.DeepClone().AsObject();
        second["spec"]!["holderIdentity"] = "c";
        Assert.Equal(200, (await sandbox.PutAsync($"/apis/coordination.k8s.io/v1/namespaces/{ns}/leases/leader", first)).Code);
        Assert.Equal(409, (await sandbox.PutAsync($"/apis/coordination.k8s.io/v1/namespaces/{ns}/leases/leader", second)).Code);
    }

    [Fact]
    public async Task Events_share_storage_between_core_and_events_k8s_io_with_their_validation()
    {
        var ns = await sandbox.NamespaceAsync();
        var v1 = J("""{"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e1"},"eventTime":"2024-01-01T00:00:00.000000Z","reportingController":"example.com/ctl","reportingInstance":"ctl-1","action":"Sync","reason":"Synced","type":"Normal","note":"hello","regarding":{"kind":"Pod","name":"p","namespace":"__NS__"}}""".Replace("__NS__", ns.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.Equal(201, (await sandbox.PostAsync($"/apis/events.k8s.io/v1/namespaces/{ns}/events", v1)).Code);
        var (_, core, _) = await sandbox.GetAsync($"/api/v1/namespaces/{ns}/events/e1");
        Assert.Equal("hello", core["message"]!.GetValue<string>());
        Assert.Equal("p", core["involvedObject"]!["name"]!.GetValue<string>());
        Assert.Equal("example.com/ctl", core["reportingComponent"]!.GetValue<string>());

        var missingTime = J("""{"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e2"},"reportingController":"c","reportingInstance":"i","action":"a","reason":"r","type":"Normal","regarding":{"namespace":"__NS__"}}""".Replace("__NS__", ns.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var (code, body, _) = await sandbox.PostAsync($"/apis/events.k8s.io/v1/namespaces/{ns}/events", missingTime);
        Assert.Equal(422, code);
        Assert.Contains("eventTime: Required value", body["message"]!.GetValue<string>());

        var withCount = v1.DeepClone().AsObject();
        withCount["metadata"]!["name"] = "e3";
        withCount["deprecatedCount"] = 3;
        Assert.Equal(422, (await sandbox.PostAsync($"/apis/events.k8s.io/v1/namespaces/{ns}/events", withCount)).Code);

        var coreStrict = J("""{"apiVersion":"v1","kind":"Event","metadata":{"name":"e4"},"eventTime":"2024-01-01T00:00:00.000000Z","involvedObject":{"namespace":"__NS__"},"type":"Normal"}""".Replace("__NS__", ns.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var (strictCode, strictBody, _) = await sandbox.PostAsync($"/api/v1/namespaces/{ns}/events", coreStrict);
        Assert.Equal(422, strictCode);
        Assert.Contains("reportingComponent: Required value", strictBody["message"]!.GetValue<string>());

        var lenient = J("""{"apiVersion":"v1","kind":"Event","metadata":{"name":"e5"},"involvedObject":{"namespace":"__NS__"},"count":2,"firstTimestamp":"2024-01-01T00:00:00Z"}""".Replace("__NS__", ns.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.Equal(201, (await sandbox.PostAsync($"/api/v1/namespaces/{ns}/events", lenient)).Code);
        var (_, asV1, _) = await sandbox.GetAsync($"/apis/events.k8s.io/v1/namespaces/{ns}/events/e5");
        Assert.Equal(2, asV1["deprecatedCount"]!.GetValue<int>());
        Assert.Equal("events.k8s.io/v1", asV1["apiVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Injected_faults_answer_429_with_retry_after_and_errors_per_verb()
    {
        await using var faulty = await SandboxServer.StartAsync(new SandboxOptions
        {
            Faults = new FaultSettings { ThrottleRate = 1, RetryAfterSeconds = 3 },
        });
        using var http = new HttpClient { BaseAddress = faulty.BaseAddress };
        var throttled = await http.GetAsync("/api/v1/namespaces");
        Assert.Equal(429, (int)throttled.StatusCode);
        Assert.Equal("3", throttled.Headers.GetValues("Retry-After").Single());

        faulty.Faults = new FaultSettings { ErrorRates = new Dictionary<string, double> { ["LIST"] = 1 }, ErrorCode = 503 };
        Assert.Equal(503, (int)(await http.GetAsync("/api/v1/namespaces")).StatusCode);
        Assert.Equal(200, (int)(await http.GetAsync("/api/v1/namespaces/default")).StatusCode);

        var put = await http.PutAsync("/sandbox/faults", new StringContent("""{"errorRates":{"GET":1},"errorCode":500}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(200, (int)put.StatusCode);
        Assert.Equal(500, (int)(await http.GetAsync("/api/v1/namespaces/default")).StatusCode);
        Assert.Equal(200, (int)(await http.GetAsync("/api/v1/namespaces")).StatusCode);
    }

    [Fact]
    public async Task Dropping_watches_ends_streams_early()
    {
        await using var faulty = await SandboxServer.StartAsync(new SandboxOptions { Faults = new FaultSettings { DropWatchesEvery = TimeSpan.FromSeconds(1) } });
        using var http = new HttpClient { BaseAddress = faulty.BaseAddress };
        using var response = await http.GetAsync("/api/v1/namespaces?watch=true&resourceVersion=0", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var lines = 0;
        while (await reader.ReadLineAsync(cts.Token) is not null)
        {
            lines++;
        }

        Assert.Equal(4, lines);
    }

    [Fact]
    public async Task Pod_and_service_proxies_forward_to_pod_IPs_and_ready_endpoints()
    {
        var ns = await sandbox.NamespaceAsync();
        await using var upstream = await StartUpstreamAsync();
        var port = upstream.Port;
        var pod = J("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"busybox","ports":[{"containerPort":__PORT__}]}]}}""".Replace("__PORT__", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        await sandbox.PostAsync($"/api/v1/namespaces/{ns}/pods", pod);
        // busybox is a virtual pod (no process); stand in for its container with a server on the pod IP the kubelet gave it.
        string? podIp = null;
        await Eventually.True(async () => (podIp = (await sandbox.GetAsync($"/api/v1/namespaces/{ns}/pods/p")).Body["status"]?["podIP"]?.GetValue<string>()) is not null, TimeSpan.FromSeconds(10), "a pod IP");
        await using var onPodIp = await StartUpstreamAsync(System.Net.IPAddress.Parse(podIp!), port);
        var response = await sandbox.Http.GetAsync($"/api/v1/namespaces/{ns}/pods/p/proxy/hello?x=1");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("GET /hello?x=1", await response.Content.ReadAsStringAsync());
        var posted = await sandbox.Http.PostAsync($"/api/v1/namespaces/{ns}/pods/http:p:{port}/proxy/echo", new StringContent("body"));
        Assert.Equal("POST /echo", await posted.Content.ReadAsStringAsync());

        var service = J("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"svc"},"spec":{"selector":{"app":"x"},"ports":[{"name":"http","port":80}]}}""");
        Assert.Equal(201, (await sandbox.PostAsync($"/api/v1/namespaces/{ns}/services", service)).Code);
        var (noEndpoints, body, _) = await sandbox.GetAsync($"/api/v1/namespaces/{ns}/services/svc/proxy/");
        Assert.Equal(503, noEndpoints);
        Assert.Equal("no endpoints available for service \"svc\"", body["message"]!.GetValue<string>());

        var slice = J("""{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"svc-abc","labels":{"kubernetes.io/service-name":"svc"}},"addressType":"IPv4","ports":[{"name":"http","port":__PORT__}],"endpoints":[{"addresses":["127.0.0.1"],"conditions":{"ready":true}}]}""".Replace("__PORT__", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.Equal(201, (await sandbox.PostAsync($"/apis/discovery.k8s.io/v1/namespaces/{ns}/endpointslices", slice)).Code);
        var viaService = await sandbox.Http.GetAsync($"/api/v1/namespaces/{ns}/services/svc:http/proxy/path");
        Assert.Equal("GET /path", await viaService.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Pod_ground_truth_records_ready_and_deletion_times()
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.PostAsync($"/api/v1/namespaces/{ns}/pods", J("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}"""));
        await sandbox.PatchAsync($"/api/v1/namespaces/{ns}/pods/p/status", J("""{"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}}"""), "application/merge-patch+json");
        await sandbox.DeleteAsync($"/api/v1/namespaces/{ns}/pods/p");
        await Eventually.True(() => sandbox.Server.PodTimeline.Find(ns, "p")?.Deleted is not null, TimeSpan.FromSeconds(10), "the pod's deletion to be recorded");
        var record = sandbox.Server.PodTimeline.Find(ns, "p")!;
        Assert.NotNull(record.Ready);
        Assert.True(record.Created <= record.Ready && record.Ready <= record.Deleted);
        var (_, json, _) = await sandbox.GetAsync("/sandbox/pods");
        Assert.Contains(json["items"]!.AsArray(), i => i!["name"]!.GetValue<string>() == "p" && i["namespace"]!.GetValue<string>() == ns && i["ready"] is not null);
    }

    private static async Task<Upstream> StartUpstreamAsync(System.Net.IPAddress? listenOn = null, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(listenOn ?? System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        app.Run(ctx => ctx.Response.WriteAsync($"{ctx.Request.Method} {ctx.Request.Path}{ctx.Request.QueryString}"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Upstream(app, new Uri(address).Port);
    }

    private sealed record Upstream(WebApplication App, int Port) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
