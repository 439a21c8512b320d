namespace StudyOperator.Sandbox.Tests.Infrastructure;

/// <summary>
/// A sandbox without its kubelet and Service controllers, for tests that play the kubelet themselves
/// (PodDriver) to drive the workload controllers through exact pod states.
/// </summary>
public sealed class NodelessSandboxFixture : SandboxFixture
{
    protected override SandboxOptions Options => new() { WatchWindow = 2000, RunNode = false };
}
