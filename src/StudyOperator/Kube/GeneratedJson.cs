using k8s;
using StudyOperator.Api.V1Alpha1;
using StudyOperator.Controller;

namespace StudyOperator.Kube;

/// <summary>
/// Makes KubernetesClient (de)serialize StudyLabs and watch events through source-generated metadata
/// (<see cref="StudyLabJsonContext"/>, <see cref="WatchEventJsonContext"/>) before its reflection fallback, which the
/// Native AOT build cannot use for them.
/// </summary>
internal static class GeneratedJson
{
    private static int _registered;

    /// <summary>
    /// Puts the generated contexts first in the client's options. The options freeze at their first use, so this runs
    /// first thing in the process (Program.cs); once is enough, later calls do nothing.
    /// </summary>
    public static void UseWithKubernetesClient()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            KubernetesJson.AddJsonOptions(options =>
            {
                options.TypeInfoResolverChain.Insert(0, StudyLabJsonContext.Default);
                options.TypeInfoResolverChain.Insert(1, WatchEventJsonContext.Default);
            });
        }
    }
}
