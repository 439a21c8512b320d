namespace StudyOperator.Sandbox.Tests.Infrastructure;

/// <summary>A fact that needs the real kubectl on PATH; skipped with a clear reason when it is absent.</summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute()
    {
        if (!Kubectl.Available)
        {
            Skip = "kubectl is not on PATH";
        }
    }
}
