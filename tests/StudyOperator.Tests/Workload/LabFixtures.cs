using k8s.Models;
using StudyOperator.Api.V1Alpha1;

namespace StudyOperator.Tests.Workload;

internal static class LabFixtures
{
    public const string OperatorImage = "ghcr.io/study/study-operator:1.0.0";

    public static V1Alpha1StudyLab Lab(Action<V1Alpha1StudyLabSpec>? configure = null)
    {
        var lab = new V1Alpha1StudyLab
        {
            Metadata = new V1ObjectMeta { Name = "demo", NamespaceProperty = "workshop", Uid = "5f1c2c1e-0000-4000-8000-000000000001" },
            Spec = new V1Alpha1StudyLabSpec { Steps = [new V1Alpha1LabStep { Type = StepType.SelfHealing }] },
        };
        configure?.Invoke(lab.Spec);
        return lab;
    }
}
