using StudyOperator.Api.V1Alpha1;

namespace StudyOperator.Workload;

/// <summary>
/// Labels on everything a lab creates. The selector uses only labels that never change for a lab,
/// because a Deployment's selector is immutable.
/// </summary>
internal static class LabLabels
{
    public const string Lab = "labs.study.dev/lab";
    public const string Name = "app.kubernetes.io/name";
    public const string Instance = "app.kubernetes.io/instance";
    public const string Component = "app.kubernetes.io/component";
    public const string PartOf = "app.kubernetes.io/part-of";
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string Version = "app.kubernetes.io/version";

    public const string AppName = "study-lab-app";
    public const string DemoComponent = "demo-app";
    public const string Operator = "study-operator";

    public static Dictionary<string, string> Selector(V1Alpha1StudyLab lab) => new()
    {
        [Lab] = lab.Metadata.Name,
        [Component] = DemoComponent,
    };

    public static Dictionary<string, string> ForObject(V1Alpha1StudyLab lab) => new(Selector(lab))
    {
        [Name] = AppName,
        [Instance] = lab.Metadata.Name,
        [PartOf] = Operator,
        [ManagedBy] = Operator,
    };

    public static Dictionary<string, string> ForPod(V1Alpha1StudyLab lab) => new(ForObject(lab))
    {
        [Version] = lab.Spec.App.Version,
    };
}
