namespace StudyOperator.Sandbox.Tests.Workloads;

/// <summary>What the test-side pod driver does with a new pod.</summary>
public enum PodFate
{
    /// <summary>Leave it Pending.</summary>
    Hold,

    /// <summary>Running with every container ready, and the Ready condition True.</summary>
    Ready,

    /// <summary>Running but not ready.</summary>
    Running,

    /// <summary>Phase Succeeded (containers exited 0).</summary>
    Succeed,

    /// <summary>Phase Failed (containers exited 1).</summary>
    Fail,
}
