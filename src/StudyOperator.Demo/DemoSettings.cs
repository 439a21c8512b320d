namespace StudyOperator.Demo;

/// <summary>What the demo runs against and where it finds the labs.</summary>
internal sealed record DemoSettings(bool CurrentCluster, string SamplesDirectory, string Namespace, TimeSpan Deadline)
{
    /// <summary>
    /// <c>DEMO_CLUSTER=current</c> runs on the current kubeconfig's cluster (the Helm-installed operator
    /// does the work); anything else starts the sandbox and an in-process operator.
    /// </summary>
    public static DemoSettings From(string[] args, Func<string, string?> environment) => new(
        CurrentCluster: string.Equals(environment("DEMO_CLUSTER"), "current", StringComparison.OrdinalIgnoreCase),
        SamplesDirectory: args.Length > 0 ? args[0] : Path.Combine("config", "samples"),
        Namespace: environment("DEMO_NAMESPACE") is { Length: > 0 } ns ? ns : "study-demo",
        Deadline: TimeSpan.FromMinutes(4));
}
