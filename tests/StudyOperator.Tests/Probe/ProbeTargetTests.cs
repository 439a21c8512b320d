using StudyOperator.Probe;

namespace StudyOperator.Tests.Probe;

public sealed class ProbeTargetTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    [Theory]
    [InlineData("demo", "DEMO")]
    [InlineData("demo-app", "DEMO_APP")]
    [InlineData("lab-1-web-v2", "LAB_1_WEB_V2")]
    public void Service_variables_are_named_like_the_kubelet_names_them(string service, string prefix) =>
        Assert.Equal(prefix, ProbeTarget.EnvironmentPrefix(service));

    [Fact]
    public void Service_variables_win_over_dns()
    {
        var uri = ProbeTarget.Resolve("demo-app", null, Env(("DEMO_APP_SERVICE_HOST", "10.96.12.7"), ("DEMO_APP_SERVICE_PORT", "8080"), ("POD_NAMESPACE", "labs")));

        Assert.Equal(new Uri("http://10.96.12.7:8080/"), uri);
    }

    [Fact]
    public void An_explicit_port_wins_over_the_service_port_variable()
    {
        var uri = ProbeTarget.Resolve("demo-app", 9090, Env(("DEMO_APP_SERVICE_HOST", "10.96.12.7"), ("DEMO_APP_SERVICE_PORT", "8080")));

        Assert.Equal(new Uri("http://10.96.12.7:9090/"), uri);
    }

    [Fact]
    public void Without_service_variables_cluster_dns_in_the_pod_namespace_is_used()
    {
        Assert.Equal(new Uri("http://demo-app.labs.svc:80/"), ProbeTarget.Resolve("demo-app", null, Env(("POD_NAMESPACE", "labs"))));
        Assert.Equal(new Uri("http://demo-app.labs.svc:8080/"), ProbeTarget.Resolve("demo-app", 8080, Env(("POD_NAMESPACE", "labs"))));
    }

    [Fact]
    public void Without_a_pod_namespace_the_default_namespace_is_assumed() =>
        Assert.Equal(new Uri("http://demo.default.svc:80/"), ProbeTarget.Resolve("demo", null, Env()));

    [Fact]
    public void An_ipv6_cluster_ip_is_bracketed() =>
        Assert.Equal(new Uri("http://[fd00:10:96::a]:8080/"), ProbeTarget.Resolve("demo", null, Env(("DEMO_SERVICE_HOST", "fd00:10:96::a"), ("DEMO_SERVICE_PORT", "8080"))));

    [Fact]
    public void Another_services_variables_are_not_used() =>
        Assert.Equal(new Uri("http://demo.default.svc:80/"), ProbeTarget.Resolve("demo", null, Env(("DEMO_APP_SERVICE_HOST", "10.0.0.1"))));
}
