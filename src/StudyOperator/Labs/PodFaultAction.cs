namespace StudyOperator.Labs;

/// <summary>Switch a fault of one demo pod through the pod proxy subresource (<c>POST /fault</c> of the app).</summary>
internal sealed record PodFaultAction(string Namespace, string Name, string Uid, string Mode) : LabAction
{
    /// <summary>The demo app's container port, which the pod proxy addresses.</summary>
    public int Port { get; init; } = Workload.LabNames.HttpPort;

    public const string Failing = "failing";
    public const string Reset = "reset";
}
