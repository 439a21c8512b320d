using k8s;
using StudyOperator.Sandbox.Tests.Infrastructure;

namespace StudyOperator.Sandbox.Tests.Kubelet;

/// <summary>One sandbox (with its kubelet and Service proxies) shared by the tests of a class; each test takes its own namespace.</summary>
public sealed class KubeletFixture : IAsyncLifetime
{
    private readonly SandboxFixture sandbox = new();

    public SandboxServer Server => sandbox.Server;

    public SandboxFixture Api => sandbox;

    public IKubernetes Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await sandbox.InitializeAsync();
        Client = sandbox.Client();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await sandbox.DisposeAsync();
    }
}
