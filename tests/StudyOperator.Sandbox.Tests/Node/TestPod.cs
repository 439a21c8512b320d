using System.Net;
using StudyOperator.Sandbox.Node;

namespace StudyOperator.Sandbox.Tests.Node;

/// <summary>A pod identity with its own directory under a per-test temp root, removed on dispose.</summary>
internal sealed class TestPod : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "study-sandbox-node-tests", Guid.NewGuid().ToString("N"));

    public TestPod(string name = "web-0", string ip = "127.1.200.10")
    {
        Identity = new PodIdentity("default", name, Guid.NewGuid().ToString(), IPAddress.Parse(ip));
        Directory = PodDirectory.Create(Identity, _root);
    }

    public PodIdentity Identity { get; }

    public PodDirectory Directory { get; }

    public static ContainerProcessSpec Shell(string script, TerminationMessagePolicy policy = TerminationMessagePolicy.File, string name = "app") =>
        new(name, "/bin/sh", ["-c", script], TerminationMessagePolicy: policy);

    public ContainerProcess Start(ContainerProcessSpec spec, ContainerLog? log = null, TimeProvider? time = null) =>
        ContainerProcess.Start(spec, Identity, Directory, log ?? new ContainerLog(), time ?? TimeProvider.System);

    public void Dispose()
    {
        Directory.Dispose();
        if (System.IO.Directory.Exists(_root))
        {
            System.IO.Directory.Delete(_root, recursive: true);
        }
    }
}
