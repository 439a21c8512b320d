namespace StudyOperator.Labs;

/// <summary>Sends a fault switch to one demo pod (the app's <c>POST /fault</c>).</summary>
internal interface IPodFaults
{
    Task SendAsync(string @namespace, string pod, int port, string mode, CancellationToken cancellationToken);
}
