using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Tests.Infrastructure;

namespace StudyOperator.Sandbox.Tests.Conformance;

/// <summary>Remaining MUST details: aggregated-discovery fallback, DeleteOptions precedence, cross-namespace owners, CR defaults, CR names.</summary>
public sealed class ContractGapTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static JsonNode J(string json) => JsonNode.Parse(json)!;

    [Fact]
    public async Task Aggregated_discovery_requests_get_legacy_documents_kubectl_can_fall_back_from()
    {
        var (code, body, response) = await sandbox.GetAsync("/apis",
            "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json");
        Assert.Equal(200, code);
        Assert.Equal("APIGroupList", body["kind"]!.GetValue<string>());
        var contentType = response.Content.Headers.ContentType!;
        Assert.Equal("application/json", contentType.MediaType);
        Assert.DoesNotContain(contentType.Parameters, p => p.Name is "g" or "v" or "as");
    }

    [Fact]
    public async Task Delete_options_in_the_body_win_over_the_query()
    {
        var ns = await sandbox.NamespaceAsync();
        var (_, owner, _) = await sandbox.PostAsync($"/apis/apps/v1/namespaces/{ns}/deployments", Objects.Deployment(ns, "owner"));
        await sandbox.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Objects.ConfigMap(ns, "dep", ownerReferences: new JsonArray(Objects.OwnerRef(owner))));
        Assert.Equal(200, (await sandbox.DeleteAsync($"/apis/apps/v1/namespaces/{ns}/deployments/owner?propagationPolicy=Background",
            J("""{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Orphan"}"""))).Code);
        await Eventually.True(async () => (await sandbox.GetAsync($"/apis/apps/v1/namespaces/{ns}/deployments/owner")).Code == 404, TimeSpan.FromSeconds(10), "the owner to go");
        Assert.Equal(200, (await sandbox.GetAsync($"/api/v1/namespaces/{ns}/configmaps/dep")).Code);
    }

    [Fact]
    public async Task Owners_in_another_namespace_count_as_absent()
    {
        var a = await sandbox.NamespaceAsync();
        var b = await sandbox.NamespaceAsync();
        var (_, owner, _) = await sandbox.PostAsync($"/apis/apps/v1/namespaces/{a}/deployments", Objects.Deployment(a, "owner"));
        await sandbox.PostAsync($"/api/v1/namespaces/{b}/configmaps", Objects.ConfigMap(b, "dep", ownerReferences: new JsonArray(Objects.OwnerRef(owner))));
        await Eventually.True(async () => (await sandbox.GetAsync($"/api/v1/namespaces/{b}/configmaps/dep")).Code == 404, TimeSpan.FromSeconds(10), "the cross-namespace dependent to be collected");
        Assert.Equal(200, (await sandbox.GetAsync($"/apis/apps/v1/namespaces/{a}/deployments/owner")).Code);
    }

    [Fact]
    public async Task CR_defaults_apply_on_write_and_on_read()
    {
        var ns = await sandbox.NamespaceAsync();
        var group = Crds.UniqueGroup();
        var crd = Crds.Json(group);
        var properties = crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!;
        properties["replicas"]!["default"] = 1;
        Assert.Equal(201, (await sandbox.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd)).Code);
        var widget = Crds.Widget(group, ns, "w");
        widget["spec"]!.AsObject().Remove("replicas");
        var (_, created, _) = await sandbox.PostAsync($"/apis/{group}/v1/namespaces/{ns}/widgets", widget);
        Assert.Equal(1, created["spec"]!["replicas"]!.GetValue<long>());

        var (_, current, _) = await sandbox.GetAsync($"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.{group}");
        current["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!["size"] = J("""{"type":"string","default":"large"}""");
        Assert.Equal(200, (await sandbox.PutAsync($"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.{group}", current)).Code);
        var (_, read, _) = await sandbox.GetAsync($"/apis/{group}/v1/namespaces/{ns}/widgets/w");
        Assert.Equal("large", read["spec"]!["size"]!.GetValue<string>());
    }

    [Fact]
    public async Task CR_names_feed_discovery()
    {
        var group = Crds.UniqueGroup();
        var crd = Crds.Json(group);
        crd["spec"]!["names"]!["categories"] = new JsonArray("all", "toys");
        Assert.Equal(201, (await sandbox.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd)).Code);
        var (_, list, _) = await sandbox.GetAsync($"/apis/{group}/v1");
        var widgets = list["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "widgets")!;
        Assert.Equal("widget", widgets["singularName"]!.GetValue<string>());
        Assert.Equal("Widget", widgets["kind"]!.GetValue<string>());
        Assert.True(widgets["namespaced"]!.GetValue<bool>());
        Assert.Equal(["wd"], widgets["shortNames"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["all", "toys"], widgets["categories"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Contains(list["resources"]!.AsArray(), r => r!["name"]!.GetValue<string>() == "widgets/status");
        var (_, crdRead, _) = await sandbox.GetAsync($"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.{group}");
        Assert.Equal("WidgetList", crdRead["spec"]!["names"]!["listKind"]!.GetValue<string>());
        Assert.Equal("WidgetList", crdRead["status"]!["acceptedNames"]!["listKind"]!.GetValue<string>());
    }
}
