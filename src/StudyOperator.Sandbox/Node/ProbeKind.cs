namespace StudyOperator.Sandbox.Node;

/// <summary>The three kubelet probes.</summary>
internal enum ProbeKind
{
    Startup,
    Readiness,
    Liveness,
}
