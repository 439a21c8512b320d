using StudyOperator.Api.V1Alpha1;

namespace StudyOperator.Reconciliation;

/// <summary>
/// Checks a lab's spec in code. The CRD schema rejects these mistakes at the API server already;
/// checking again keeps the operator safe where the schema was bypassed, edited or is older than
/// the operator, and turns the mistake into a Degraded condition instead of a crash or a retry storm.
/// </summary>
internal static class LabValidation
{
    public static SpecProblem? Check(V1Alpha1StudyLab lab) => Problems(lab).FirstOrDefault();

    public static IEnumerable<SpecProblem> Problems(V1Alpha1StudyLab lab)
    {
        var spec = lab.Spec;
        var name = lab.Metadata.Name ?? "";
        if (name.Length is 0 or > 50 || !IsDns1035Label(name))
        {
            yield return new("metadata.name", $"\"{name}\" must be a DNS-1035 label of at most 50 characters, because it names the lab's Service");
        }

        if (spec.App.Replicas is < LabBounds.MinReplicas or > LabBounds.MaxReplicas)
        {
            yield return new("spec.app.replicas", $"{spec.App.Replicas} is outside {LabBounds.MinReplicas}..{LabBounds.MaxReplicas}");
        }

        if (spec.Traffic.RequestsPerSecond is < 0 or > LabBounds.MaxRequestsPerSecond)
        {
            yield return new("spec.traffic.requestsPerSecond", $"{spec.Traffic.RequestsPerSecond} is outside 0..{LabBounds.MaxRequestsPerSecond}");
        }

        if (spec.Steps.Count is 0 or > LabBounds.MaxSteps)
        {
            yield return new("spec.steps", $"a lab needs 1..{LabBounds.MaxSteps} steps, it has {spec.Steps.Count}");
        }

        if (spec.Service.NodePort is not null && spec.Service.Type != ServiceType.NodePort)
        {
            yield return new("spec.service.nodePort", "nodePort can only be set when type is NodePort");
        }

        for (var i = 0; i < spec.Steps.Count; i++)
        {
            if (StepProblem(spec, spec.Steps[i], $"spec.steps[{i}]") is { } problem)
            {
                yield return problem;
            }
        }
    }

    private static SpecProblem? StepProblem(V1Alpha1StudyLabSpec spec, V1Alpha1LabStep step, string path) => step switch
    {
        { SelfHealing: not null, Type: not StepType.SelfHealing } => new($"{path}.selfHealing", "selfHealing parameters belong to a SelfHealing step"),
        { LoadBalancing: not null, Type: not StepType.LoadBalancing } => new($"{path}.loadBalancing", "loadBalancing parameters belong to a LoadBalancing step"),
        { Failover: not null, Type: not StepType.Failover } => new($"{path}.failover", "failover parameters belong to a Failover step"),
        { SelfHealing.PodsPerRound: var pods } when pods < 1 || pods > spec.App.Replicas =>
            new($"{path}.selfHealing.podsPerRound", $"{pods} pods per round is outside 1..app.replicas ({spec.App.Replicas}): a lab only deletes pods it has"),
        { Type: StepType.Failover } when spec.App.Replicas < 2 =>
            new("spec.app.replicas", "a Failover step needs app.replicas of at least 2, so another pod can take over the traffic"),
        { Type: not (StepType.SelfHealing or StepType.LoadBalancing or StepType.Failover) } =>
            new($"{path}.type", $"unknown step type {(int)step.Type}"),
        _ => null,
    };

    private static bool IsDns1035Label(string name) =>
        char.IsAsciiLetterLower(name[0])
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && name[^1] != '-';
}
