using System.Text;
using k8s;

namespace StudyOperator.Labs;

/// <summary>Sends <c>POST /fault</c> with its JSON body to a demo pod through the API server's pod proxy (<see cref="PodProxy"/>).</summary>
internal sealed class PodProxyFaults(IKubernetes client) : IPodFaults
{
    public async Task SendAsync(string @namespace, string pod, int port, string mode, CancellationToken cancellationToken)
    {
        using var content = new StringContent($"{{\"mode\":\"{mode}\"}}", Encoding.UTF8, "application/json");
        await PodProxy.SendAsync(client, HttpMethod.Post, @namespace, pod, port, "fault", content, cancellationToken);
    }

    internal static Uri RequestUri(Uri baseUri, string @namespace, string pod, int port) => PodProxy.RequestUri(baseUri, @namespace, pod, port, "fault");
}
