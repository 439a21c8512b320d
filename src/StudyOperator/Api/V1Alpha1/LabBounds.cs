namespace StudyOperator.Api.V1Alpha1;

/// <summary>
/// Bounds that keep a lab safe on a shared cluster. The CRD schema enforces them at the API server,
/// and the operator enforces them again in code, so a lab can never flood a cluster even where a
/// schema was bypassed or edited.
/// </summary>
public static class LabBounds
{
    public const int MinReplicas = 1;
    public const int MaxReplicas = 10;
    public const int MaxRequestsPerSecond = 100;
    public const int MaxSteps = 20;
}
