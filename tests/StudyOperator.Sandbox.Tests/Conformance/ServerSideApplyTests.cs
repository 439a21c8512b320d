using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Tests.Infrastructure;

namespace StudyOperator.Sandbox.Tests.Conformance;

/// <summary>SANDBOX.md items 17, 29 and 30: managedFields, apply conflicts, forced applies and dropped fields.</summary>
public sealed class ServerSideApplyTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private const string Apply = "application/apply-patch+yaml";

    private static JsonNode J(string json) => JsonNode.Parse(json)!;

    private static JsonObject Config(string ns, int replicas, bool withSide) => J("""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","namespace":"NS"},
         "spec":{"replicas":REPLICAS,"selector":{"matchLabels":{"app":"d"}},"template":{"metadata":{"labels":{"app":"d"}},"spec":{"containers":[
           {"name":"main","image":"nginx"}SIDE]}}}}
        """.Replace("NS", ns, StringComparison.Ordinal).Replace("REPLICAS", replicas.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("SIDE", withSide ? ",{\"name\":\"side\",\"image\":\"busybox\"}" : "", StringComparison.Ordinal)).AsObject();

    [Fact]
    public async Task Writes_record_managed_fields_per_manager()
    {
        var ns = await sandbox.NamespaceAsync();
        var configMap = Objects.ConfigMap(ns, "cm");
        configMap["data"]!["other"] = "kept";
        var (_, created, _) = await sandbox.PostAsync($"/api/v1/namespaces/{ns}/configmaps?fieldManager=creator", configMap);
        var entry = created["metadata"]!["managedFields"]![0]!;
        Assert.Equal("creator", entry["manager"]!.GetValue<string>());
        Assert.Equal("Update", entry["operation"]!.GetValue<string>());
        Assert.Equal("v1", entry["apiVersion"]!.GetValue<string>());
        Assert.Equal("FieldsV1", entry["fieldsType"]!.GetValue<string>());
        Assert.NotNull(entry["fieldsV1"]!["f:data"]!["f:k"]);
        Assert.NotNull(entry["time"]);

        var (_, patched, _) = await sandbox.PatchAsync($"/api/v1/namespaces/{ns}/configmaps/cm?fieldManager=editor", J("""{"data":{"k":"new"}}"""), "application/merge-patch+json");
        var managers = patched["metadata"]!["managedFields"]!.AsArray().Select(e => e!["manager"]!.GetValue<string>()).ToList();
        Assert.Equal(["creator", "editor"], managers);
        Assert.Null(patched["metadata"]!["managedFields"]![0]!["fieldsV1"]!["f:data"]?["f:k"]);
    }

    [Fact]
    public async Task Applying_a_field_another_manager_changed_conflicts_unless_forced()
    {
        var ns = await sandbox.NamespaceAsync();
        var path = $"/apis/apps/v1/namespaces/{ns}/deployments/d";
        Assert.Equal(201, (await sandbox.PatchAsync($"{path}?fieldManager=op", Config(ns, 2, false), Apply)).Code);
        Assert.Equal(200, (await sandbox.PatchAsync($"{path}?fieldManager=scaler", J("""{"spec":{"replicas":5}}"""), "application/merge-patch+json")).Code);

        var (code, body, _) = await sandbox.PatchAsync($"{path}?fieldManager=op", Config(ns, 2, false), Apply);
        Assert.Equal(409, code);
        Assert.Equal("Conflict", body["reason"]!.GetValue<string>());
        Assert.Equal("Apply failed with 1 conflict: conflict with \"scaler\" using apps/v1: .spec.replicas", body["message"]!.GetValue<string>());
        var cause = body["details"]!["causes"]![0]!;
        Assert.Equal("FieldManagerConflict", cause["reason"]!.GetValue<string>());
        Assert.Equal(".spec.replicas", cause["field"]!.GetValue<string>());

        var (sameValue, _, _) = await sandbox.PatchAsync($"{path}?fieldManager=op", Config(ns, 5, false), Apply);
        Assert.Equal(200, sameValue);

        var (forced, after, _) = await sandbox.PatchAsync($"{path}?fieldManager=op&force=true", Config(ns, 3, false), Apply);
        Assert.Equal(200, forced);
        Assert.Equal(3, after["spec"]!["replicas"]!.GetValue<long>());
    }

    [Fact]
    public async Task Fields_a_manager_stops_applying_are_removed()
    {
        var ns = await sandbox.NamespaceAsync();
        var path = $"/apis/apps/v1/namespaces/{ns}/deployments/d";
        var (_, first, _) = await sandbox.PatchAsync($"{path}?fieldManager=op", Config(ns, 1, true), Apply);
        Assert.Equal(2, first["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Count);
        var (_, second, _) = await sandbox.PatchAsync($"{path}?fieldManager=op", Config(ns, 1, false), Apply);
        var containers = second["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal("main", containers.Single()!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Apply_accepts_YAML_bodies_with_typed_scalars()
    {
        var ns = await sandbox.NamespaceAsync();
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/y?fieldManager=yaml")
        {
            Content = new StringContent($"""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: y
                  namespace: {ns}
                  annotations:
                    quoted: "3"
                spec:
                  replicas: 3
                  paused: false
                  selector:
                    matchLabels: {"{"}app: y{"}"}
                  template:
                    metadata:
                      labels: {"{"}app: y{"}"}
                    spec:
                      containers:
                      - name: main
                        image: nginx
                """),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/apply-patch+yaml");
        var response = await sandbox.Http.SendAsync(request);
        Assert.Equal(201, (int)response.StatusCode);
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(3, created["spec"]!["replicas"]!.GetValue<long>());
        Assert.False(created["spec"]!["paused"]!.GetValue<bool>());
        Assert.Equal("3", created["metadata"]!["annotations"]!["quoted"]!.GetValue<string>());
    }

    [KubectlFact]
    public async Task Kubectl_server_side_apply_reports_conflicts_with_kubectl_scale()
    {
        var ns = await sandbox.NamespaceAsync("ssa");
        using var kubectl = new Kubectl(sandbox.Server, ns);
        var file = kubectl.WriteFile("d.yaml", Config(ns, 2, false).ToJsonString());
        Assert.Contains("serverside-applied", await kubectl.OkAsync("apply", "--server-side", "-f", file));
        await kubectl.OkAsync("scale", "deploy", "d", "--replicas=4");
        var (code, _, stderr) = await kubectl.RunAsync("apply", "--server-side", "-f", file);
        Assert.NotEqual(0, code);
        Assert.Contains("Apply failed with 1 conflict", stderr);
        Assert.Contains(".spec.replicas", stderr);
        Assert.Contains("serverside-applied", await kubectl.OkAsync("apply", "--server-side", "--force-conflicts", "-f", file));
        Assert.Equal("2", await kubectl.OkAsync("get", "deploy", "d", "-o", "jsonpath={.spec.replicas}"));
    }
}
