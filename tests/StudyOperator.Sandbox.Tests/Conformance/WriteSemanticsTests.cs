using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Tests.Infrastructure;

namespace StudyOperator.Sandbox.Tests.Conformance;

/// <summary>Areas D, F, G and K: generation, status and scale subresources, the four patch types, CR schemas.</summary>
public sealed class WriteSemanticsTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static JsonNode J(string json) => JsonNode.Parse(json)!;

    [Fact]
    public async Task CR_generation_bumps_on_spec_changes_only_and_status_writes_leave_spec_alone()
    {
        var ns = await sandbox.NamespaceAsync();
        var group = await Crds.CreateAsync(sandbox);
        var path = $"/apis/{group}/v1/namespaces/{ns}/widgets";
        var widget = Crds.Widget(group, ns, "w", 1);
        widget["status"] = new JsonObject { ["replicas"] = 9 };
        var (_, created, _) = await sandbox.PostAsync(path, widget);
        Assert.Equal(1, created["metadata"]!["generation"]!.GetValue<long>());
        Assert.Null(created["status"]);

        var (_, labelled, _) = await sandbox.PatchAsync($"{path}/w", J("""{"metadata":{"labels":{"a":"b"}}}"""), "application/merge-patch+json");
        Assert.Equal(1, labelled["metadata"]!["generation"]!.GetValue<long>());

        var (_, status, _) = await sandbox.PatchAsync($"{path}/w/status", J("""{"status":{"replicas":1},"spec":{"replicas":7}}"""), "application/merge-patch+json");
        Assert.Equal(1, status["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal(1, status["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(1, status["status"]!["replicas"]!.GetValue<int>());

        var (_, spec, _) = await sandbox.PatchAsync($"{path}/w", J("""{"spec":{"replicas":2},"status":{"replicas":5}}"""), "application/merge-patch+json");
        Assert.Equal(2, spec["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal(1, spec["status"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task Deployment_generation_bumps_on_annotation_changes_and_status_keeps_labels()
    {
        var ns = await sandbox.NamespaceAsync();
        var path = $"/apis/apps/v1/namespaces/{ns}/deployments";
        await sandbox.PostAsync(path, Objects.Deployment(ns, "d"));
        var (_, annotated, _) = await sandbox.PatchAsync($"{path}/d", J("""{"metadata":{"annotations":{"x":"y"}}}"""), "application/merge-patch+json");
        Assert.Equal(2, annotated["metadata"]!["generation"]!.GetValue<long>());
        var (_, labelled, _) = await sandbox.PatchAsync($"{path}/d", J("""{"metadata":{"labels":{"x":"y"}}}"""), "application/merge-patch+json");
        Assert.Equal(2, labelled["metadata"]!["generation"]!.GetValue<long>());
        var (_, status, _) = await sandbox.PatchAsync($"{path}/d/status", J("""{"metadata":{"labels":{"x":"changed"}},"status":{"replicas":1,"observedGeneration":2}}"""), "application/merge-patch+json");
        Assert.Equal("y", status["metadata"]!["labels"]!["x"]!.GetValue<string>());
        Assert.Equal(1, status["status"]!["replicas"]!.GetValue<int>());
        Assert.Equal(2, status["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task Scale_subresource_reads_and_writes_replicas_for_deployments_and_CRs()
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.PostAsync($"/apis/apps/v1/namespaces/{ns}/deployments", Objects.Deployment(ns, "d", 2));
        var (_, scale, _) = await sandbox.GetAsync($"/apis/apps/v1/namespaces/{ns}/deployments/d/scale");
        Assert.Equal("Scale", scale["kind"]!.GetValue<string>());
        Assert.Equal("autoscaling/v1", scale["apiVersion"]!.GetValue<string>());
        Assert.Equal(2, scale["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal("app=d", scale["status"]!["selector"]!.GetValue<string>());
        var (code, _, _) = await sandbox.PatchAsync($"/apis/apps/v1/namespaces/{ns}/deployments/d/scale", J("""{"spec":{"replicas":4}}"""), "application/merge-patch+json");
        Assert.Equal(200, code);
        var (_, deployment, _) = await sandbox.GetAsync($"/apis/apps/v1/namespaces/{ns}/deployments/d");
        Assert.Equal(4, deployment["spec"]!["replicas"]!.GetValue<long>());

        var group = await Crds.CreateAsync(sandbox);
        await sandbox.PostAsync($"/apis/{group}/v1/namespaces/{ns}/widgets", Crds.Widget(group, ns, "w", 3));
        var (_, crScale, _) = await sandbox.GetAsync($"/apis/{group}/v1/namespaces/{ns}/widgets/w/scale");
        Assert.Equal(3, crScale["spec"]!["replicas"]!.GetValue<long>());
        crScale["spec"]!["replicas"] = 5;
        Assert.Equal(200, (await sandbox.PutAsync($"/apis/{group}/v1/namespaces/{ns}/widgets/w/scale", crScale)).Code);
        var (_, widget, _) = await sandbox.GetAsync($"/apis/{group}/v1/namespaces/{ns}/widgets/w");
        Assert.Equal(5, widget["spec"]!["replicas"]!.GetValue<long>());
    }

    [Fact]
    public async Task Strategic_merge_patch_merges_containers_by_name_and_honours_directives()
    {
        var ns = await sandbox.NamespaceAsync();
        var path = $"/apis/apps/v1/namespaces/{ns}/deployments";
        await sandbox.PostAsync(path, Objects.Deployment(ns, "d"));
        var (code, patched, _) = await sandbox.PatchAsync($"{path}/d",
            J("""{"spec":{"template":{"spec":{"containers":[{"name":"main","image":"nginx:1.27","env":[{"name":"B","value":"2"}]}]}}}}"""),
            "application/strategic-merge-patch+json");
        Assert.Equal(200, code);
        var containers = patched["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal(2, containers.Count);
        Assert.Equal("nginx:1.27", containers[0]!["image"]!.GetValue<string>());
        Assert.Equal(2, containers[0]!["env"]!.AsArray().Count);

        var (_, deleted, _) = await sandbox.PatchAsync($"{path}/d",
            J("""{"spec":{"template":{"spec":{"containers":[{"name":"side","$patch":"delete"}]}}}}"""), "application/strategic-merge-patch+json");
        Assert.Single(deleted["spec"]!["template"]!["spec"]!["containers"]!.AsArray());
    }

    [Fact]
    public async Task Merge_patch_replaces_lists_and_null_deletes()
    {
        var ns = await sandbox.NamespaceAsync();
        var path = $"/apis/apps/v1/namespaces/{ns}/deployments";
        await sandbox.PostAsync(path, Objects.Deployment(ns, "d"));
        var (_, patched, _) = await sandbox.PatchAsync($"{path}/d",
            J("""{"metadata":{"labels":{"app":null}},"spec":{"template":{"spec":{"containers":[{"name":"only","image":"busybox"}]}}}}"""), "application/merge-patch+json");
        Assert.Single(patched["spec"]!["template"]!["spec"]!["containers"]!.AsArray());
        Assert.Null(patched["metadata"]!["labels"]?["app"]);
    }

    [Fact]
    public async Task Json_patch_replaces_the_template_and_annotations()
    {
        var ns = await sandbox.NamespaceAsync();
        var path = $"/apis/apps/v1/namespaces/{ns}/deployments";
        await sandbox.PostAsync(path, Objects.Deployment(ns, "d"));
        var (code, patched, _) = await sandbox.PatchAsync($"{path}/d",
            J("""[{"op":"add","path":"/metadata/annotations","value":{"deployment.kubernetes.io/revision":"1"}},{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:old"},{"op":"test","path":"/spec/replicas","value":1}]"""),
            "application/json-patch+json");
        Assert.Equal(200, code);
        Assert.Equal("nginx:old", patched["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal("1", patched["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]!.GetValue<string>());
        var (failed, _, _) = await sandbox.PatchAsync($"{path}/d", J("""[{"op":"test","path":"/spec/replicas","value":9}]"""), "application/json-patch+json");
        Assert.Equal(422, failed);
    }

    [Fact]
    public async Task CRs_reject_strategic_merge_patch_with_415()
    {
        var ns = await sandbox.NamespaceAsync();
        var group = await Crds.CreateAsync(sandbox);
        await sandbox.PostAsync($"/apis/{group}/v1/namespaces/{ns}/widgets", Crds.Widget(group, ns, "w"));
        var (code, body, _) = await sandbox.PatchAsync($"/apis/{group}/v1/namespaces/{ns}/widgets/w", J("""{"spec":{"replicas":2}}"""), "application/strategic-merge-patch+json");
        Assert.Equal(415, code);
        Assert.Equal("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Apply_patch_needs_a_field_manager_and_creates_missing_objects_with_201()
    {
        var ns = await sandbox.NamespaceAsync();
        var cm = Objects.ConfigMap(ns, "applied");
        var (missing, body, _) = await sandbox.PatchAsync($"/api/v1/namespaces/{ns}/configmaps/applied", cm, "application/apply-patch+yaml");
        Assert.Equal(422, missing);
        Assert.Contains("fieldManager: Required value: is required for apply patch", body["message"]!.GetValue<string>());
        var (created, _, _) = await sandbox.PatchAsync($"/api/v1/namespaces/{ns}/configmaps/applied?fieldManager=test", cm, "application/apply-patch+yaml");
        Assert.Equal(201, created);
        cm["data"]!["k"] = "second";
        var (updated, after, _) = await sandbox.PatchAsync($"/api/v1/namespaces/{ns}/configmaps/applied?fieldManager=test", cm, "application/apply-patch+yaml");
        Assert.Equal(200, updated);
        Assert.Equal("second", after["data"]!["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invalid_custom_resource_is_422_naming_the_field()
    {
        var ns = await sandbox.NamespaceAsync();
        var group = await Crds.CreateAsync(sandbox);
        var (code, body, _) = await sandbox.PostAsync($"/apis/{group}/v1/namespaces/{ns}/widgets", Crds.Widget(group, ns, "w", 50));
        Assert.Equal(422, code);
        Assert.Equal("Invalid", body["reason"]!.GetValue<string>());
        Assert.Contains("spec.replicas", body["message"]!.GetValue<string>());
        Assert.Contains("should be less than or equal to 10", body["message"]!.GetValue<string>());
        Assert.Equal("spec.replicas", body["details"]!["causes"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_CR_fields_are_pruned_with_a_warning_or_refused_when_strict()
    {
        var ns = await sandbox.NamespaceAsync();
        var group = await Crds.CreateAsync(sandbox);
        var widget = Crds.Widget(group, ns, "w");
        widget["spec"]!["foo"] = "bar";
        var (strict, strictBody, _) = await sandbox.PostAsync($"/apis/{group}/v1/namespaces/{ns}/widgets?fieldValidation=Strict", widget);
        Assert.Equal(400, strict);
        Assert.Equal("Widget in version \"v1\" cannot be handled as a Widget: strict decoding error: unknown field \"spec.foo\"", strictBody["message"]!.GetValue<string>());
        var (created, body, response) = await sandbox.PostAsync($"/apis/{group}/v1/namespaces/{ns}/widgets", widget);
        Assert.Equal(201, created);
        Assert.Null(body["spec"]!["foo"]);
        Assert.Contains("299 - \"unknown field \\\"spec.foo\\\"\"", response.Headers.GetValues("Warning"));
    }

    [Fact]
    public async Task Unknown_fields_of_builtin_kinds_are_dropped_with_a_warning_or_refused_when_strict()
    {
        var ns = await sandbox.NamespaceAsync();
        var deployment = Objects.Deployment(ns, "typo");
        deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["imagee"] = "nginx";
        deployment["spec"]!["bogus"] = true;
        var (strict, body, _) = await sandbox.PostAsync($"/apis/apps/v1/namespaces/{ns}/deployments?fieldValidation=Strict", deployment);
        Assert.Equal(400, strict);
        Assert.Equal("Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.template.spec.containers[0].imagee\", unknown field \"spec.bogus\"",
            body["message"]!.GetValue<string>());

        var (created, createdBody, response) = await sandbox.PostAsync($"/apis/apps/v1/namespaces/{ns}/deployments", deployment);
        Assert.Equal(201, created);
        Assert.Null(createdBody["spec"]!["bogus"]);
        Assert.Null(createdBody["spec"]!["template"]!["spec"]!["containers"]![0]!["imagee"]);
        Assert.Contains("299 - \"unknown field \\\"spec.bogus\\\"\"", response.Headers.GetValues("Warning"));

        var (patched, patchBody, _) = await sandbox.PatchAsync($"/apis/apps/v1/namespaces/{ns}/deployments/typo?fieldValidation=Strict", J("""{"spec":{"replicaz":2}}"""), "application/merge-patch+json");
        Assert.Equal(400, patched);
        Assert.Equal("strict decoding error: unknown field \"spec.replicaz\"", patchBody["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task CRD_with_a_broken_schema_is_422()
    {
        var crd = Crds.Json(Crds.UniqueGroup());
        crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"] = J("""{"type":"object","properties":{"spec":{"properties":{"a":{"type":"string"}}}}}""");
        var (code, _, _) = await sandbox.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
        Assert.Equal(422, code);
    }

    [Fact]
    public async Task Finalizers_hold_deletion_until_removed_and_cannot_be_added_while_deleting()
    {
        var ns = await sandbox.NamespaceAsync();
        var path = $"/api/v1/namespaces/{ns}/configmaps";
        await sandbox.PostAsync(path, Objects.ConfigMap(ns, "f", finalizers: new JsonArray("example.com/a")));
        var (code, deleting, _) = await sandbox.DeleteAsync($"{path}/f");
        Assert.Equal(200, code);
        Assert.Equal("ConfigMap", deleting["kind"]!.GetValue<string>());
        Assert.NotNull(deleting["metadata"]!["deletionTimestamp"]);
        var (added, addedBody, _) = await sandbox.PatchAsync($"{path}/f", J("""{"metadata":{"finalizers":["example.com/a","example.com/b"]}}"""), "application/merge-patch+json");
        Assert.Equal(422, added);
        Assert.Contains("no new finalizers can be added if the object is being deleted", addedBody["message"]!.GetValue<string>());
        Assert.Equal(200, (await sandbox.PatchAsync($"{path}/f", J("""{"metadata":{"finalizers":null}}"""), "application/merge-patch+json")).Code);
        Assert.Equal(404, (await sandbox.GetAsync($"{path}/f")).Code);
    }

    [Fact]
    public async Task Immediate_delete_returns_a_Success_Status_and_pods_return_the_object()
    {
        var ns = await sandbox.NamespaceAsync();
        var (_, created, _) = await sandbox.PostAsync($"/api/v1/namespaces/{ns}/configmaps", Objects.ConfigMap(ns, "gone"));
        var (code, status, _) = await sandbox.DeleteAsync($"/api/v1/namespaces/{ns}/configmaps/gone",
            J("""{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Background"}"""));
        Assert.Equal(200, code);
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal("Success", status["status"]!.GetValue<string>());
        Assert.Equal(created["metadata"]!["uid"]!.GetValue<string>(), status["details"]!["uid"]!.GetValue<string>());
        Assert.Equal("configmaps", status["details"]!["kind"]!.GetValue<string>());

        var pod = J("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""");
        await sandbox.PostAsync($"/api/v1/namespaces/{ns}/pods", pod);
        var (podCode, podBody, _) = await sandbox.DeleteAsync($"/api/v1/namespaces/{ns}/pods/p");
        Assert.Equal(200, podCode);
        Assert.Equal("Pod", podBody["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Scheduled_pods_are_deleted_gracefully()
    {
        var ns = await sandbox.NamespaceAsync();
        var pod = J("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"nodeName":"sandbox","containers":[{"name":"c","image":"busybox"}]}}""");
        var (_, created, _) = await sandbox.PostAsync($"/api/v1/namespaces/{ns}/pods", pod);
        Assert.Equal(30, created["spec"]!["terminationGracePeriodSeconds"]!.GetValue<long>());
        Assert.Equal("Pending", created["status"]!["phase"]!.GetValue<string>());
        var (_, deleting, _) = await sandbox.DeleteAsync($"/api/v1/namespaces/{ns}/pods/p");
        Assert.NotNull(deleting["metadata"]!["deletionTimestamp"]);
        Assert.Equal(30, deleting["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<long>());
        // The kubelet finishes it: a virtual container (busybox is not a local image) stops at once. Forcing with
        // grace 0 is covered by the kubelet tests with a real process.
        await Eventually.True(async () => (await sandbox.GetAsync($"/api/v1/namespaces/{ns}/pods/p")).Code == 404, TimeSpan.FromSeconds(10), "the kubelet to remove the pod");
    }
}
