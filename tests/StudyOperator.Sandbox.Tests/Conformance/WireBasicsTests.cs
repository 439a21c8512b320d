using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Tests.Infrastructure;

namespace StudyOperator.Sandbox.Tests.Conformance;

/// <summary>Areas A, B, D and E of the fidelity contract over raw HTTP.</summary>
public sealed class WireBasicsTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Version_reports_1_32_with_every_field()
    {
        var (code, body, _) = await sandbox.GetAsync("/version");
        Assert.Equal(200, code);
        Assert.Equal("1", body["major"]!.GetValue<string>());
        Assert.Equal("32", body["minor"]!.GetValue<string>());
        foreach (var field in new[] { "gitVersion", "gitCommit", "gitTreeState", "buildDate", "goVersion", "compiler", "platform" })
        {
            Assert.NotNull(body[field]);
        }
    }

    [Fact]
    public async Task Errors_are_Status_objects_with_reason_details_and_code()
    {
        var ns = await sandbox.NamespaceAsync();
        var (code, body, _) = await sandbox.GetAsync($"/api/v1/namespaces/{ns}/pods/nope");
        Assert.Equal(404, code);
        Assert.Equal("Status", body["kind"]!.GetValue<string>());
        Assert.Equal("v1", body["apiVersion"]!.GetValue<string>());
        Assert.Equal("Failure", body["status"]!.GetValue<string>());
        Assert.Equal("NotFound", body["reason"]!.GetValue<string>());
        Assert.Equal("pods \"nope\" not found", body["message"]!.GetValue<string>());
        Assert.Equal(404, body["code"]!.GetValue<int>());
        Assert.Equal("nope", body["details"]!["name"]!.GetValue<string>());
        Assert.Equal("pods", body["details"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unacceptable_media_type_is_406()
    {
        var (code, body, _) = await sandbox.GetAsync("/api/v1/namespaces", accept: "application/vnd.kubernetes.protobuf");
        Assert.Equal(406, code);
        Assert.Equal("NotAcceptable", body["reason"]!.GetValue<string>());
        var (ok, _, _) = await sandbox.GetAsync("/api/v1/namespaces", accept: "application/vnd.kubernetes.protobuf, application/json");
        Assert.Equal(200, ok);
    }

    [Fact]
    public async Task Content_type_parameters_are_ignored()
    {
        var ns = await sandbox.NamespaceAsync();
        var (code, _, _) = await sandbox.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", Objects.ConfigMap(ns, "cm"), "application/json; charset=utf-8");
        Assert.Equal(201, code);
    }

    [Fact]
    public async Task Builtin_list_items_omit_kind_but_single_gets_include_it()
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Objects.ConfigMap(ns, "cm"));
        var (_, list, _) = await sandbox.GetAsync($"/api/v1/namespaces/{ns}/configmaps");
        Assert.Equal("ConfigMapList", list["kind"]!.GetValue<string>());
        Assert.NotNull(list["metadata"]!["resourceVersion"]);
        var item = list["items"]!.AsArray().Single(i => i!["metadata"]!["name"]!.GetValue<string>() == "cm")!;
        Assert.Null(item["kind"]);
        Assert.Null(item["apiVersion"]);
        var (_, single, _) = await sandbox.GetAsync($"/api/v1/namespaces/{ns}/configmaps/cm");
        Assert.Equal("ConfigMap", single["kind"]!.GetValue<string>());
        Assert.Equal("v1", single["apiVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Custom_resource_list_items_include_kind()
    {
        var ns = await sandbox.NamespaceAsync();
        var group = await Crds.CreateAsync(sandbox);
        Assert.Equal(201, (await sandbox.PostAsync($"/apis/{group}/v1/namespaces/{ns}/widgets", Crds.Widget(group, ns, "w1"))).Code);
        var (_, list, _) = await sandbox.GetAsync($"/apis/{group}/v1/namespaces/{ns}/widgets");
        Assert.Equal("WidgetList", list["kind"]!.GetValue<string>());
        Assert.Equal("Widget", list["items"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal($"{group}/v1", list["items"]![0]!["apiVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Legacy_discovery_lists_resources_subresources_and_scale_kind()
    {
        var (_, api, _) = await sandbox.GetAsync("/api");
        Assert.Equal("APIVersions", api["kind"]!.GetValue<string>());
        var (_, groups, _) = await sandbox.GetAsync("/apis");
        Assert.Contains(groups["groups"]!.AsArray(), g => g!["name"]!.GetValue<string>() == "apps" && g["preferredVersion"]!["version"]!.GetValue<string>() == "v1");
        var (_, apps, _) = await sandbox.GetAsync("/apis/apps/v1");
        var resources = apps["resources"]!.AsArray();
        var deployments = resources.Single(r => r!["name"]!.GetValue<string>() == "deployments")!;
        Assert.Equal("Deployment", deployments["kind"]!.GetValue<string>());
        Assert.Contains("all", deployments["categories"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Contains("deploy", deployments["shortNames"]!.AsArray().Select(c => c!.GetValue<string>()));
        var scale = resources.Single(r => r!["name"]!.GetValue<string>() == "deployments/scale")!;
        Assert.Equal("autoscaling", scale["group"]!.GetValue<string>());
        Assert.Equal("Scale", scale["kind"]!.GetValue<string>());
        Assert.Contains(resources, r => r!["name"]!.GetValue<string>() == "deployments/status");
        var (_, core, _) = await sandbox.GetAsync("/api/v1");
        Assert.Contains(core["resources"]!.AsArray(), r => r!["name"]!.GetValue<string>() == "pods/log");
        Assert.Contains(core["resources"]!.AsArray(), r => r!["name"]!.GetValue<string>() == "services/proxy");
    }

    [Fact]
    public async Task Default_namespaces_exist()
    {
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            Assert.Equal(200, (await sandbox.GetAsync($"/api/v1/namespaces/{ns}")).Code);
        }
    }

    [Fact]
    public async Task CRDs_appear_in_discovery_at_once_and_leave_when_deleted()
    {
        var group = await Crds.CreateAsync(sandbox);
        var (code, crd, _) = await sandbox.GetAsync($"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.{group}");
        Assert.Equal(200, code);
        var conditions = crd["status"]!["conditions"]!.AsArray();
        Assert.Contains(conditions, c => c!["type"]!.GetValue<string>() == "Established" && c["status"]!.GetValue<string>() == "True");
        Assert.Contains(conditions, c => c!["type"]!.GetValue<string>() == "NamesAccepted" && c["status"]!.GetValue<string>() == "True");
        var (_, groups, _) = await sandbox.GetAsync("/apis");
        Assert.Contains(groups["groups"]!.AsArray(), g => g!["name"]!.GetValue<string>() == group);
        var (_, list, _) = await sandbox.GetAsync($"/apis/{group}/v1");
        Assert.Contains(list["resources"]!.AsArray(), r => r!["name"]!.GetValue<string>() == "widgets/scale");

        Assert.Equal(200, (await sandbox.DeleteAsync($"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.{group}")).Code);
        await Eventually.True(async () => (await sandbox.GetAsync($"/apis/{group}/v1")).Code == 404, TimeSpan.FromSeconds(10), "the CRD's group to leave discovery");
        var (_, after, _) = await sandbox.GetAsync("/apis");
        Assert.DoesNotContain(after["groups"]!.AsArray(), g => g!["name"]!.GetValue<string>() == group);
    }

    [Fact]
    public async Task OpenAPI_v3_declares_fieldValidation_on_patch_operations()
    {
        var (_, index, _) = await sandbox.GetAsync("/openapi/v3");
        var url = index["paths"]!["apis/apps/v1"]!["serverRelativeURL"]!.GetValue<string>();
        var (code, doc, _) = await sandbox.GetAsync(url);
        Assert.Equal(200, code);
        var patch = doc["paths"]!["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]!["patch"]!;
        Assert.Equal("Deployment", patch["x-kubernetes-group-version-kind"]!["kind"]!.GetValue<string>());
        Assert.Contains(patch["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "fieldValidation");
        Assert.NotNull(index["paths"]!["api/v1"]);
    }

    [Fact]
    public async Task Create_sets_uid_timestamp_generation_and_overwrites_client_values()
    {
        var ns = await sandbox.NamespaceAsync();
        var deployment = Objects.Deployment(ns, "d");
        deployment["metadata"]!["uid"] = "client-uid";
        deployment["metadata"]!["creationTimestamp"] = "2000-01-01T00:00:00Z";
        var (code, created, _) = await sandbox.PostAsync($"/apis/apps/v1/namespaces/{ns}/deployments", deployment);
        Assert.Equal(201, code);
        Assert.NotEqual("client-uid", created["metadata"]!["uid"]!.GetValue<string>());
        Assert.NotEqual("2000-01-01T00:00:00Z", created["metadata"]!["creationTimestamp"]!.GetValue<string>());
        Assert.Equal(1, created["metadata"]!["generation"]!.GetValue<long>());
        Assert.Matches("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", created["metadata"]!["creationTimestamp"]!.GetValue<string>());
        Assert.Equal(1, created["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task Every_write_changes_the_resourceVersion()
    {
        var ns = await sandbox.NamespaceAsync();
        var (_, created, _) = await sandbox.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Objects.ConfigMap(ns, "cm"));
        var (_, patched, _) = await sandbox.PatchAsync($"/api/v1/namespaces/{ns}/configmaps/cm", JsonNode.Parse("""{"data":{"k":"w"}}""")!, "application/merge-patch+json");
        Assert.NotEqual(created["metadata"]!["resourceVersion"]!.GetValue<string>(), patched["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task GenerateName_appends_five_safe_characters_to_a_cut_prefix()
    {
        var ns = await sandbox.NamespaceAsync();
        var body = Objects.ConfigMap(ns, "");
        body["metadata"]!.AsObject().Remove("name");
        body["metadata"]!["generateName"] = new string('a', 70);
        var (code, created, _) = await sandbox.PostAsync($"/api/v1/namespaces/{ns}/configmaps", body);
        Assert.Equal(201, code);
        var name = created["metadata"]!["name"]!.GetValue<string>();
        Assert.Equal(63, name.Length);
        Assert.Matches("^a{58}[bcdfghjklmnpqrstvwxz2456789]{5}$", name);
    }

    [Fact]
    public async Task Namespace_of_the_body_must_match_the_URL()
    {
        var ns = await sandbox.NamespaceAsync();
        var (code, body, _) = await sandbox.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Objects.ConfigMap("other", "cm"));
        Assert.Equal(400, code);
        Assert.Equal("the namespace of the provided object does not match the namespace sent on the request", body["message"]!.GetValue<string>());
        var empty = Objects.ConfigMap(ns, "cm2");
        empty["metadata"]!.AsObject().Remove("namespace");
        var (created, createdBody, _) = await sandbox.PostAsync($"/api/v1/namespaces/{ns}/configmaps", empty);
        Assert.Equal(201, created);
        Assert.Equal(ns, createdBody["metadata"]!["namespace"]!.GetValue<string>());
    }

    [Fact]
    public async Task Creating_in_a_missing_namespace_is_404()
    {
        var (code, body, _) = await sandbox.PostAsync("/api/v1/namespaces/missing-ns/configmaps", Objects.ConfigMap("missing-ns", "cm"));
        Assert.Equal(404, code);
        Assert.Equal("namespaces \"missing-ns\" not found", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stale_update_is_409_Conflict_with_the_exact_message()
    {
        var ns = await sandbox.NamespaceAsync();
        var (_, created, _) = await sandbox.PostAsync($"/apis/apps/v1/namespaces/{ns}/deployments", Objects.Deployment(ns, "x"));
        var stale = created.DeepClone().AsObject();
        Assert.Equal(200, (await sandbox.PatchAsync($"/apis/apps/v1/namespaces/{ns}/deployments/x", JsonNode.Parse("""{"spec":{"replicas":2}}""")!, "application/merge-patch+json")).Code);
        stale["spec"]!["replicas"] = 3;
        var (code, body, _) = await sandbox.PutAsync($"/apis/apps/v1/namespaces/{ns}/deployments/x", stale);
        Assert.Equal(409, code);
        Assert.Equal("Conflict", body["reason"]!.GetValue<string>());
        Assert.Equal("Operation cannot be fulfilled on deployments.apps \"x\": the object has been modified; please apply your changes to the latest version and try again", body["message"]!.GetValue<string>());
        Assert.Equal("deployments", body["details"]!["kind"]!.GetValue<string>());
        Assert.Equal("apps", body["details"]!["group"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stale_resourceVersion_in_a_merge_patch_is_409()
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Objects.ConfigMap(ns, "cm"));
        var (code, _, _) = await sandbox.PatchAsync($"/api/v1/namespaces/{ns}/configmaps/cm", JsonNode.Parse("""{"metadata":{"resourceVersion":"1"},"data":{"k":"z"}}""")!, "application/merge-patch+json");
        Assert.Equal(409, code);
    }

    [Fact]
    public async Task Put_edge_cases_CR_without_resourceVersion_is_422_and_missing_object_is_404()
    {
        var ns = await sandbox.NamespaceAsync();
        var group = await Crds.CreateAsync(sandbox);
        await sandbox.PostAsync($"/apis/{group}/v1/namespaces/{ns}/widgets", Crds.Widget(group, ns, "w"));
        var (code, body, _) = await sandbox.PutAsync($"/apis/{group}/v1/namespaces/{ns}/widgets/w", Crds.Widget(group, ns, "w", 2));
        Assert.Equal(422, code);
        Assert.Equal("Widget." + group + " \"w\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update", body["message"]!.GetValue<string>());

        var (builtin, _, _) = await sandbox.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Objects.ConfigMap(ns, "cm"));
        Assert.Equal(201, builtin);
        var update = Objects.ConfigMap(ns, "cm");
        update["data"]!["k"] = "changed";
        Assert.Equal(200, (await sandbox.PutAsync($"/api/v1/namespaces/{ns}/configmaps/cm", update)).Code);
        Assert.Equal(404, (await sandbox.PutAsync($"/api/v1/namespaces/{ns}/configmaps/none", Objects.ConfigMap(ns, "none"))).Code);
    }

    [Fact]
    public async Task AlreadyExists_and_Invalid_bodies()
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.PostAsync($"/apis/apps/v1/namespaces/{ns}/deployments", Objects.Deployment(ns, "x"));
        var (code, body, _) = await sandbox.PostAsync($"/apis/apps/v1/namespaces/{ns}/deployments", Objects.Deployment(ns, "x"));
        Assert.Equal(409, code);
        Assert.Equal("AlreadyExists", body["reason"]!.GetValue<string>());
        Assert.Equal("deployments.apps \"x\" already exists", body["message"]!.GetValue<string>());

        var invalid = Objects.Deployment(ns, "y", replicas: -1);
        var (invalidCode, invalidBody, _) = await sandbox.PostAsync($"/apis/apps/v1/namespaces/{ns}/deployments", invalid);
        Assert.Equal(422, invalidCode);
        Assert.Equal("Invalid", invalidBody["reason"]!.GetValue<string>());
        Assert.StartsWith("Deployment.apps \"y\" is invalid: spec.replicas: Invalid value: -1: ", invalidBody["message"]!.GetValue<string>());
        var cause = invalidBody["details"]!["causes"]![0]!;
        Assert.Equal("FieldValueInvalid", cause["reason"]!.GetValue<string>());
        Assert.Equal("spec.replicas", cause["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Terminating_namespace_refuses_new_content_with_403()
    {
        var ns = await sandbox.NamespaceAsync();
        var cm = Objects.ConfigMap(ns, "held", finalizers: new JsonArray("example.com/hold"));
        Assert.Equal(201, (await sandbox.PostAsync($"/api/v1/namespaces/{ns}/configmaps", cm)).Code);
        Assert.Equal(200, (await sandbox.DeleteAsync($"/api/v1/namespaces/{ns}")).Code);
        var (code, body, _) = await sandbox.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Objects.ConfigMap(ns, "late"));
        Assert.Equal(403, code);
        Assert.Equal($"configmaps \"late\" is forbidden: unable to create new content in namespace {ns} because it is being terminated", body["message"]!.GetValue<string>());

        Assert.Equal(200, (await sandbox.PatchAsync($"/api/v1/namespaces/{ns}/configmaps/held", JsonNode.Parse("""{"metadata":{"finalizers":null}}""")!, "application/merge-patch+json")).Code);
        await Eventually.True(async () => (await sandbox.GetAsync($"/api/v1/namespaces/{ns}")).Code == 404, TimeSpan.FromSeconds(10), "the namespace to be finalized");
    }

    [Fact]
    public async Task Metrics_count_requests_by_verb_resource_and_code()
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.GetAsync($"/api/v1/namespaces/{ns}/configmaps/absent");
        await sandbox.GetAsync($"/api/v1/namespaces/{ns}/configmaps");
        var response = await sandbox.Http.GetStringAsync("/metrics");
        Assert.Contains("# TYPE apiserver_request_total counter", response);
        Assert.Matches("apiserver_request_total\\{code=\"404\",component=\"apiserver\",group=\"\",resource=\"configmaps\",subresource=\"\",verb=\"GET\",version=\"v1\"\\} [1-9]", response);
        Assert.Matches("apiserver_request_total\\{code=\"200\",component=\"apiserver\",group=\"\",resource=\"configmaps\",subresource=\"\",verb=\"LIST\",version=\"v1\"\\} [1-9]", response);
    }
}
