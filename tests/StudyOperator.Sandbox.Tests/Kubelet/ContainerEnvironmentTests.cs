using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Kubelet;
using StudyOperator.Sandbox.Services;

namespace StudyOperator.Sandbox.Tests.Kubelet;

public sealed class ContainerEnvironmentTests
{
    private static readonly JsonObject Pod = JsonNode.Parse("""
        {"metadata":{"name":"web-0","namespace":"shop","uid":"u-1","labels":{"app":"web"},"annotations":{"a":"b"}},
         "spec":{"nodeName":"sandbox","serviceAccountName":"default","enableServiceLinks":true,
                 "containers":[{"name":"app","ports":[{"name":"http","containerPort":8080}]}]}}
        """)!.AsObject();

    private static JsonObject Service(string name, string ports) =>
        JsonNode.Parse("""{"metadata":{"name":"NAME","creationTimestamp":"2026-01-01T00:00:00Z"},"spec":{"clusterIP":"127.2.3.4","ports":PORTS}}""".Replace("NAME", name, StringComparison.Ordinal).Replace("PORTS", ports, StringComparison.Ordinal))!.AsObject();

    [Fact]
    public void Service_links_follow_the_docker_links_convention()
    {
        var env = new Dictionary<string, string>();
        ContainerEnvironment.AddServiceLinks(env, Service("redis-primary", """[{"name":"db","port":6379,"protocol":"TCP"},{"port":16379,"protocol":"UDP"}]"""));
        Assert.Equal("127.2.3.4", env["REDIS_PRIMARY_SERVICE_HOST"]);
        Assert.Equal("6379", env["REDIS_PRIMARY_SERVICE_PORT"]);
        Assert.Equal("6379", env["REDIS_PRIMARY_SERVICE_PORT_DB"]);
        Assert.Equal("tcp://127.2.3.4:6379", env["REDIS_PRIMARY_PORT"]);
        Assert.Equal("tcp://127.2.3.4:6379", env["REDIS_PRIMARY_PORT_6379_TCP"]);
        Assert.Equal("udp", env["REDIS_PRIMARY_PORT_16379_UDP_PROTO"]);
        Assert.Equal("16379", env["REDIS_PRIMARY_PORT_16379_UDP_PORT"]);
        Assert.Equal("127.2.3.4", env["REDIS_PRIMARY_PORT_16379_UDP_ADDR"]);
        Assert.Equal(12, env.Count);
    }

    [Fact]
    public void Headless_services_give_no_links_and_enableServiceLinks_false_turns_them_off()
    {
        var env = new Dictionary<string, string>();
        var headless = Service("h", """[{"port":80}]""");
        headless["spec"]!["clusterIP"] = "None";
        ContainerEnvironment.AddServiceLinks(env, headless);
        Assert.Empty(env);

        var pod = Pod.DeepClone().AsObject();
        pod["spec"]!["enableServiceLinks"] = false;
        var built = ContainerEnvironment.Build(pod, new JsonObject(), "127.1.0.9", "127.0.0.1", [Service("web", """[{"port":80}]""")], (_, _) => null, (_, _) => null);
        Assert.Empty(built);
    }

    [Fact]
    public void Env_resolves_field_refs_config_maps_secrets_and_expands_references()
    {
        var container = JsonNode.Parse("""
            {"env":[
              {"name":"NAME","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}},
              {"name":"IP","valueFrom":{"fieldRef":{"fieldPath":"status.podIP"}}},
              {"name":"APP","valueFrom":{"fieldRef":{"fieldPath":"metadata.labels['app']"}}},
              {"name":"NODE","valueFrom":{"fieldRef":{"fieldPath":"spec.nodeName"}}},
              {"name":"COLOR","valueFrom":{"configMapKeyRef":{"name":"cfg","key":"color"}}},
              {"name":"PASS","valueFrom":{"secretKeyRef":{"name":"sec","key":"password"}}},
              {"name":"URL","value":"http://$(IP):8080/$(NAME)/$$(NAME)/$(MISSING)"}
            ]}
            """)!.AsObject();
        var env = ContainerEnvironment.Build(
            Pod,
            container,
            "127.1.0.9",
            "127.0.0.1",
            [],
            (ns, name) => ns == "shop" && name == "cfg" ? JsonNode.Parse("""{"data":{"color":"blue"}}""")!.AsObject() : null,
            (ns, name) => ns == "shop" && name == "sec" ? JsonNode.Parse("""{"data":{"password":"czNjcjN0"}}""")!.AsObject() : null);
        Assert.Equal("web-0", env["NAME"]);
        Assert.Equal("127.1.0.9", env["IP"]);
        Assert.Equal("web", env["APP"]);
        Assert.Equal("sandbox", env["NODE"]);
        Assert.Equal("blue", env["COLOR"]);
        Assert.Equal("s3cr3t", env["PASS"]);
        Assert.Equal("http://127.1.0.9:8080/web-0/$(NAME)/$(MISSING)", env["URL"]);
    }

    [Theory]
    [InlineData("study-operator", "study-operator")]
    [InlineData("study-operator:dev", "study-operator")]
    [InlineData("ghcr.io/x/study-operator:1.2", "study-operator")]
    [InlineData("localhost:5000/study-operator", "study-operator")]
    [InlineData("ghcr.io/x/study-operator@sha256:abcd", "study-operator")]
    [InlineData("nginx:1.27", "nginx")]
    public void Image_names_match_by_repository(string image, string repository) =>
        Assert.Equal(repository, LocalImages.Repository(image));

    [Fact]
    public void Local_images_map_to_entrypoints_and_others_are_virtual()
    {
        var images = new LocalImages("/opt/study-operator.dll", new Dictionary<string, string> { ["python"] = "python3 -u" });
        Assert.Equal(["dotnet", "/opt/study-operator.dll"], images.Entrypoint("ghcr.io/x/study-operator:1.2"));
        Assert.Equal(["python3", "-u"], images.Entrypoint("python:3.12"));
        Assert.Null(images.Entrypoint("nginx"));
    }

    [Theory]
    [InlineData("""{"command":["study-operator","app"]}""", "dotnet|/opt/study-operator.dll|app")]
    [InlineData("""{"command":["/usr/local/bin/study-operator"],"args":["app","--port=$(PORT)"]}""", "dotnet|/opt/study-operator.dll|app|--port=8080")]
    [InlineData("""{"args":["app","--port=8080"]}""", "dotnet|/opt/study-operator.dll|app|--port=8080")]
    [InlineData("""{}""", "dotnet|/opt/study-operator.dll")]
    [InlineData("""{"command":["sh","-c","study-operator app"]}""", "sh|-c|study-operator app")]
    public void A_command_naming_the_image_entrypoint_runs_the_local_build(string container, string argv) =>
        Assert.Equal(
            argv.Split('|'),
            ContainerSpecs.CommandLine("study-operator:dev", JsonNode.Parse(container)!.AsObject(), ["dotnet", "/opt/study-operator.dll"], new Dictionary<string, string> { ["PORT"] = "8080" }));

    [Fact]
    public void Target_ports_resolve_by_number_or_container_port_name()
    {
        Assert.Equal(8080, ServiceSelection.TargetPort(JsonNode.Parse("""{"port":80,"targetPort":"http"}""")!.AsObject(), Pod));
        Assert.Equal(9000, ServiceSelection.TargetPort(JsonNode.Parse("""{"port":80,"targetPort":9000}""")!.AsObject(), Pod));
        Assert.Equal(80, ServiceSelection.TargetPort(JsonNode.Parse("""{"port":80}""")!.AsObject(), Pod));
        Assert.Null(ServiceSelection.TargetPort(JsonNode.Parse("""{"port":80,"targetPort":"grpc"}""")!.AsObject(), Pod));
    }
}
