using StudyOperator.Api.V1Alpha1;
using StudyOperator.Workload;

namespace StudyOperator.Tests.Workload;

public sealed class LabServiceTests
{
    [Fact]
    public void Defaults_give_a_cluster_ip_service_on_port_80_to_the_pods_http_port()
    {
        var service = LabService.Build(LabFixtures.Lab());
        Assert.Equal("demo", service.Metadata.Name);
        Assert.Equal("ClusterIP", service.Spec.Type);
        var port = Assert.Single(service.Spec.Ports);
        Assert.Equal(80, port.Port);
        Assert.Equal("http", port.TargetPort.Value);
        Assert.Equal("TCP", port.Protocol);
        Assert.Null(port.NodePort);
    }

    [Fact]
    public void Selector_is_the_deployments_selector()
    {
        var lab = LabFixtures.Lab();
        Assert.Equal(LabDeployment.Build(lab, LabFixtures.OperatorImage).Spec.Selector.MatchLabels, LabService.Build(lab).Spec.Selector);
    }

    [Fact]
    public void Node_port_type_carries_the_requested_node_port()
    {
        var service = LabService.Build(LabFixtures.Lab(s => s.Service = new V1Alpha1ServiceSpec { Type = ServiceType.NodePort, Port = 8080, NodePort = 30080 }));
        Assert.Equal("NodePort", service.Spec.Type);
        Assert.Equal(30080, service.Spec.Ports[0].NodePort);
        Assert.Equal(8080, service.Spec.Ports[0].Port);
    }

    [Fact]
    public void A_node_port_on_a_cluster_ip_service_is_ignored()
    {
        var service = LabService.Build(LabFixtures.Lab(s => s.Service = new V1Alpha1ServiceSpec { Type = ServiceType.ClusterIP, NodePort = 30080 }));
        Assert.Null(service.Spec.Ports[0].NodePort);
    }

    [Fact]
    public void The_lab_controls_the_service()
    {
        var owner = Assert.Single(LabService.Build(LabFixtures.Lab()).Metadata.OwnerReferences);
        Assert.True(owner.Controller);
        Assert.Equal("demo", owner.Name);
    }
}
