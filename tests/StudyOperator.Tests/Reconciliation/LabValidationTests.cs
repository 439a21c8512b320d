using StudyOperator.Api.V1Alpha1;
using StudyOperator.Reconciliation;
using StudyOperator.Tests.Workload;

namespace StudyOperator.Tests.Reconciliation;

public sealed class LabValidationTests
{
    [Fact]
    public void A_lab_with_defaults_and_one_step_is_valid()
    {
        Assert.Null(LabValidation.Check(LabFixtures.Lab()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public void Replicas_outside_bounds_name_the_field(int replicas)
    {
        var problem = LabValidation.Check(LabFixtures.Lab(s => s.App.Replicas = replicas));
        Assert.Equal("spec.app.replicas", problem?.Field);
    }

    [Fact]
    public void A_negative_rate_names_the_field()
    {
        Assert.Equal("spec.traffic.requestsPerSecond", LabValidation.Check(LabFixtures.Lab(s => s.Traffic.RequestsPerSecond = -1))?.Field);
    }

    [Fact]
    public void A_lab_without_steps_names_the_field()
    {
        Assert.Equal("spec.steps", LabValidation.Check(LabFixtures.Lab(s => s.Steps.Clear()))?.Field);
    }

    [Fact]
    public void Failover_with_one_replica_is_refused()
    {
        var problem = LabValidation.Check(LabFixtures.Lab(s =>
        {
            s.App.Replicas = 1;
            s.Steps = [new() { Type = StepType.Failover }];
        }));
        Assert.Equal("spec.app.replicas", problem?.Field);
        Assert.Contains("at least 2", problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deleting_more_pods_per_round_than_exist_is_refused()
    {
        var problem = LabValidation.Check(LabFixtures.Lab(s =>
        {
            s.App.Replicas = 2;
            s.Steps = [new() { Type = StepType.LoadBalancing }, new() { Type = StepType.SelfHealing, SelfHealing = new() { PodsPerRound = 3 } }];
        }));
        Assert.Equal("spec.steps[1].selfHealing.podsPerRound", problem?.Field);
    }

    [Fact]
    public void Parameters_of_another_step_type_are_refused()
    {
        var problem = LabValidation.Check(LabFixtures.Lab(s => s.Steps = [new() { Type = StepType.Failover, LoadBalancing = new() }]));
        Assert.Equal("spec.steps[0].loadBalancing", problem?.Field);
    }

    [Fact]
    public void An_unknown_step_type_is_refused()
    {
        var problem = LabValidation.Check(LabFixtures.Lab(s => s.Steps = [new() { Type = (StepType)42 }]));
        Assert.Equal("spec.steps[0].type", problem?.Field);
    }

    [Fact]
    public void A_node_port_on_a_cluster_ip_service_is_refused()
    {
        Assert.Equal("spec.service.nodePort", LabValidation.Check(LabFixtures.Lab(s => s.Service.NodePort = 30001))?.Field);
    }

    [Theory]
    [InlineData("9lives")]
    [InlineData("has.dot")]
    [InlineData("trailing-")]
    [InlineData("a-name-that-is-far-too-long-for-a-service-name-of-a-lab")]
    public void Names_that_cannot_name_a_service_are_refused(string name)
    {
        var lab = LabFixtures.Lab();
        lab.Metadata.Name = name;
        Assert.Equal("metadata.name", LabValidation.Check(lab)?.Field);
    }
}
