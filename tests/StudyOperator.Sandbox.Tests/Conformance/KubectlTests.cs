using StudyOperator.Sandbox.Tests.Infrastructure;

namespace StudyOperator.Sandbox.Tests.Conformance;

/// <summary>The real kubectl (v1.32) against the sandbox, each test with its own kubeconfig and discovery cache.</summary>
public sealed class KubectlTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private const string DeploymentYaml = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: web}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: nginx:1.25
              - name: side
                image: busybox:1.36
        """;

    private async Task<Kubectl> KubectlAsync()
    {
        var ns = await sandbox.NamespaceAsync("k");
        return new Kubectl(sandbox.Server, ns);
    }

    private static string WidgetYaml(string group, string name, int replicas) => $"""
        apiVersion: {group}/v1
        kind: Widget
        metadata:
          name: {name}
        spec:
          replicas: {replicas}
          color: green
        """;

    [KubectlFact]
    public async Task Apply_a_CRD_then_a_custom_resource_and_get_its_printer_columns()
    {
        using var kubectl = await KubectlAsync();
        var group = Crds.UniqueGroup();
        var applied = await kubectl.OkAsync("apply", "-f", kubectl.WriteFile("crd.yaml", Crds.Yaml(group)));
        Assert.Contains($"customresourcedefinition.apiextensions.k8s.io/widgets.{group} created", applied);
        var cr = await kubectl.OkAsync("apply", "-f", kubectl.WriteFile("cr.yaml", WidgetYaml(group, "w1", 3)));
        Assert.Contains($"widget.{group}/w1 created", cr);

        var table = await kubectl.OkAsync("get", $"widgets.{group}");
        var lines = table.Trim().Split('\n');
        Assert.Matches("^NAME\\s+REPLICAS\\s+COLOR\\s+AGE$", lines[0].Trim());
        Assert.Matches("^w1\\s+3\\s+green\\s+\\d+s$", lines[1].Trim());

        var again = await kubectl.OkAsync("apply", "-f", kubectl.WriteFile("cr2.yaml", WidgetYaml(group, "w1", 4)));
        Assert.Contains($"widget.{group}/w1 configured", again);
        Assert.Equal("4", await kubectl.OkAsync("get", $"widgets.{group}", "w1", "-o", "jsonpath={.spec.replicas}"));
    }

    [KubectlFact]
    public async Task Invalid_custom_resource_is_refused_naming_the_field()
    {
        using var kubectl = await KubectlAsync();
        var group = Crds.UniqueGroup();
        await kubectl.OkAsync("apply", "-f", kubectl.WriteFile("crd.yaml", Crds.Yaml(group)));
        var (code, stdout, stderr) = await kubectl.RunAsync("apply", "-f", kubectl.WriteFile("bad.yaml", WidgetYaml(group, "bad", 50)));
        Assert.NotEqual(0, code);
        Assert.Contains("spec.replicas", stderr + stdout);
        Assert.Contains("less than or equal to 10", stderr + stdout);
    }

    [KubectlFact]
    public async Task Apply_refuses_a_typo_in_a_builtin_manifest()
    {
        using var kubectl = await KubectlAsync();
        var (code, stdout, stderr) = await kubectl.RunAsync("apply", "-f", kubectl.WriteFile("typo.yaml", DeploymentYaml.Replace("image: nginx:1.25", "imagee: nginx:1.25", StringComparison.Ordinal)));
        Assert.NotEqual(0, code);
        Assert.Contains("strict decoding error: unknown field \"spec.template.spec.containers[0].imagee\"", stderr + stdout);
    }

    [KubectlFact]
    public async Task Explain_describes_a_custom_resource_field()
    {
        using var kubectl = await KubectlAsync();
        var group = Crds.UniqueGroup();
        await kubectl.OkAsync("apply", "-f", kubectl.WriteFile("crd.yaml", Crds.Yaml(group)));
        var explained = await kubectl.OkAsync("explain", "widgets.spec.replicas", $"--api-version={group}/v1");
        Assert.Contains("KIND:       Widget", explained);
        Assert.Contains("FIELD: replicas <integer>", explained);
        Assert.Contains("How many widgets to run.", explained);
    }

    [KubectlFact]
    public async Task Get_deployments_shows_ready_up_to_date_and_available()
    {
        using var kubectl = await KubectlAsync();
        await kubectl.OkAsync("apply", "-f", kubectl.WriteFile("d.yaml", DeploymentYaml));
        var table = await kubectl.OkAsync("get", "deploy");
        var lines = table.Trim().Split('\n');
        Assert.Matches("^NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE$", lines[0].Trim());
        Assert.Matches("^web\\s+0/2\\s+0\\s+0\\s+\\d+s$", lines[1].Trim());
        var all = await kubectl.OkAsync("get", "all", "--show-labels");
        Assert.Contains("deployment.apps/web", all);
        Assert.Contains("app=web", all);
    }

    [KubectlFact]
    public async Task Label_scale_and_all_three_patch_types()
    {
        using var kubectl = await KubectlAsync();
        await kubectl.OkAsync("apply", "-f", kubectl.WriteFile("d.yaml", DeploymentYaml));
        Assert.Contains("deployment.apps/web labeled", await kubectl.OkAsync("label", "deploy", "web", "tier=front"));
        Assert.Contains("deployment.apps/web scaled", await kubectl.OkAsync("scale", "deploy", "web", "--replicas=5"));
        Assert.Equal("5 tier=front 2", await kubectl.OkAsync("get", "deploy", "web", "-o", "jsonpath={.spec.replicas} tier={.metadata.labels.tier} {.metadata.generation}"));

        await kubectl.OkAsync("patch", "deploy", "web", "-p", """{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}}}""");
        Assert.Equal("nginx:1.27 busybox:1.36", await kubectl.OkAsync("get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[*].image}"));

        await kubectl.OkAsync("patch", "deploy", "web", "--type=merge", "-p", """{"spec":{"replicas":1}}""");
        await kubectl.OkAsync("patch", "deploy", "web", "--type=json", "-p", """[{"op":"replace","path":"/spec/template/spec/containers/1/image","value":"busybox:1.37"}]""");
        Assert.Equal("1 busybox:1.37", await kubectl.OkAsync("get", "deploy", "web", "-o", "jsonpath={.spec.replicas} {.spec.template.spec.containers[1].image}"));
    }

    [KubectlFact]
    public async Task Delete_with_and_without_finalizers()
    {
        using var kubectl = await KubectlAsync();
        await kubectl.OkAsync("apply", "-f", kubectl.WriteFile("cm.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: plain
            data: {a: b}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: held
              finalizers: [example.com/hold]
            data: {a: b}
            """));
        Assert.Contains("configmap \"plain\" deleted", await kubectl.OkAsync("delete", "configmap", "plain"));
        Assert.Contains("configmap \"held\" deleted", await kubectl.OkAsync("delete", "configmap", "held", "--wait=false"));
        Assert.NotEmpty(await kubectl.OkAsync("get", "configmap", "held", "-o", "jsonpath={.metadata.deletionTimestamp}"));
        await kubectl.OkAsync("patch", "configmap", "held", "--type=merge", "-p", """{"metadata":{"finalizers":null}}""");
        var (code, _, stderr) = await kubectl.RunAsync("get", "configmap", "held");
        Assert.NotEqual(0, code);
        Assert.Contains("NotFound", stderr);
    }

    [KubectlFact]
    public async Task Delete_waits_for_finalization()
    {
        using var kubectl = await KubectlAsync();
        await kubectl.OkAsync("apply", "-f", kubectl.WriteFile("d.yaml", DeploymentYaml));
        var deleted = await kubectl.RunAsync(TimeSpan.FromSeconds(60), "delete", "deploy", "web", "--timeout=30s");
        Assert.True(deleted.ExitCode == 0, deleted.Stderr);
        Assert.Contains("deployment.apps \"web\" deleted", deleted.Stdout);
    }

    [KubectlFact]
    public async Task Create_generators_send_protobuf_bodies_that_the_sandbox_decodes()
    {
        using var kubectl = await KubectlAsync();
        var ns = $"gen-{Guid.NewGuid():N}"[..12];
        Assert.Contains($"namespace/{ns} created", await kubectl.OkAsync("create", "namespace", ns));
        await kubectl.OkAsync("-n", ns, "create", "configmap", "c1", "--from-literal=a=b");
        await kubectl.OkAsync("-n", ns, "create", "secret", "generic", "s1", "--from-literal=pw=x");
        await kubectl.OkAsync("-n", ns, "create", "deployment", "web", "--image=nginx:1.25", "--replicas=2", "--port=80");
        await kubectl.OkAsync("-n", ns, "create", "service", "clusterip", "svc", "--tcp=80:8080");
        await kubectl.OkAsync("-n", ns, "create", "job", "j", "--image=busybox", "--", "echo", "hi");
        Assert.Equal("b", await kubectl.OkAsync("-n", ns, "get", "cm", "c1", "-o", "jsonpath={.data.a}"));
        Assert.Equal("eA==", await kubectl.OkAsync("-n", ns, "get", "secret", "s1", "-o", "jsonpath={.data.pw}"));
        Assert.Equal("2 nginx:1.25 80 Always", await kubectl.OkAsync("-n", ns, "get", "deploy", "web", "-o",
            "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].ports[0].containerPort} {.spec.template.spec.restartPolicy}"));
        Assert.Equal("8080", await kubectl.OkAsync("-n", ns, "get", "svc", "svc", "-o", "jsonpath={.spec.ports[0].targetPort}"));
        Assert.Equal("echo hi", await kubectl.OkAsync("-n", ns, "get", "job", "j", "-o", "jsonpath={.spec.template.spec.containers[0].command[*]}"));
    }

    [KubectlFact]
    public async Task Get_nodes_shows_a_registered_node()
    {
        using var kubectl = await KubectlAsync();
        var name = $"node-{Guid.NewGuid():N}"[..13];
        await kubectl.OkAsync("apply", "-f", kubectl.WriteFile("node.json", """
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"NAME","labels":{"node-role.kubernetes.io/control-plane":""}},
             "status":{"conditions":[{"type":"Ready","status":"True"}],"nodeInfo":{"kubeletVersion":"v1.32.0"}}}
            """.Replace("NAME", name, StringComparison.Ordinal)));
        var table = await kubectl.OkAsync("get", "nodes", name);
        Assert.Matches($"{name}\\s+Ready\\s+control-plane\\s+\\d+s\\s+v1.32.0", table);
    }

    [KubectlFact]
    public async Task RBAC_and_policy_manifests_apply_and_list()
    {
        using var kubectl = await KubectlAsync();
        var applied = await kubectl.OkAsync("apply", "-f", kubectl.WriteFile("rbac.yaml", """
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: op}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: op}
            rules:
            - apiGroups: [apps]
              resources: [deployments]
              verbs: [get, list, watch, create, update, patch, delete]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: op}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: op}
            subjects:
            - {kind: ServiceAccount, name: op}
            ---
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: op}
            spec:
              minAvailable: 1
              selector: {matchLabels: {app: op}}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: op}
            spec:
              podSelector: {matchLabels: {app: op}}
            """));
        Assert.Contains("rolebinding.rbac.authorization.k8s.io/op created", applied);
        Assert.Contains("poddisruptionbudget.policy/op created", applied);
        Assert.Matches("op\\s+Role/op\\s+\\d+s", await kubectl.OkAsync("get", "rolebinding", "op"));
        Assert.Matches("op\\s+1\\s+N/A\\s+0\\s+\\d+s", await kubectl.OkAsync("get", "pdb", "op"));
        Assert.Matches("op\\s+app=op\\s+\\d+s", await kubectl.OkAsync("get", "netpol", "op"));
    }

    [KubectlFact]
    public async Task Delete_f_of_a_namespace_and_its_content_succeeds()
    {
        using var kubectl = await KubectlAsync();
        var ns = $"del-{Guid.NewGuid():N}"[..12];
        var file = kubectl.WriteFile("all.yaml", $"""
            apiVersion: v1
            kind: Namespace
            metadata:
              name: {ns}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: cm
              namespace: {ns}
            data: {"{"}a: b{"}"}
            """);
        await kubectl.OkAsync("apply", "-f", file);
        var deleted = await kubectl.RunAsync(TimeSpan.FromSeconds(60), "delete", "-f", file);
        Assert.True(deleted.ExitCode == 0, deleted.Stderr);
        Assert.Contains("configmap \"cm\" deleted", deleted.Stdout);
        await Eventually.True(async () => (await sandbox.GetAsync($"/api/v1/namespaces/{ns}")).Code == 404, TimeSpan.FromSeconds(15), "the namespace to go");
    }

    [KubectlFact]
    public async Task Get_watch_ends_at_the_request_timeout()
    {
        using var kubectl = await KubectlAsync();
        await kubectl.OkAsync("apply", "-f", kubectl.WriteFile("d.yaml", DeploymentYaml));
        var (_, stdout, stderr) = await kubectl.RunAsync(TimeSpan.FromSeconds(60), "get", "deploy", "--watch", "--request-timeout=2s");
        Assert.Contains("web", stdout);
        Assert.DoesNotContain("panic", stderr);
    }
}
