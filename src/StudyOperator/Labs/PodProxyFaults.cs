using System.Globalization;
using System.Net;
using System.Text;
using k8s;
using k8s.Autorest;

namespace StudyOperator.Labs;

/// <summary>
/// Sends <c>POST /fault</c> with its JSON body to a demo pod through the API server's pod proxy subresource
/// (<c>/api/v1/namespaces/NS/pods/NAME:PORT/proxy/fault</c>; a pod proxy takes a port number, not a port name), so the operator needs no network path to pods.
/// KubernetesClient's generated <c>ConnectPostNamespacedPodProxyWithPathAsync</c> cannot carry a body, so the
/// request goes through the client's own HttpClient and credentials (same TLS, token and handlers).
/// </summary>
internal sealed class PodProxyFaults(IKubernetes client) : IPodFaults
{
    public async Task SendAsync(string @namespace, string pod, int port, string mode, CancellationToken cancellationToken)
    {
        if (client is not Kubernetes kubernetes)
        {
            throw new NotSupportedException($"sending a pod fault needs the KubernetesClient {nameof(Kubernetes)} class, not {client.GetType().Name}");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, RequestUri(kubernetes.BaseUri, @namespace, pod, port))
        {
            Content = new StringContent($"{{\"mode\":\"{mode}\"}}", Encoding.UTF8, "application/json"),
        };
        if (kubernetes.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken);
        }

        using var response = await kubernetes.HttpClient.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpOperationException($"POST /fault ({mode}) to pod {@namespace}/{pod} through the pod proxy answered {(int)response.StatusCode}: {body}")
            {
                Response = new HttpResponseMessageWrapper(response, body),
            };
        }
    }

    internal static Uri RequestUri(Uri baseUri, string @namespace, string pod, int port)
    {
        var root = baseUri.AbsoluteUri.TrimEnd('/');
        return new Uri(string.Create(CultureInfo.InvariantCulture,
            $"{root}/api/v1/namespaces/{WebUtility.UrlEncode(@namespace)}/pods/{WebUtility.UrlEncode(pod)}:{port}/proxy/fault"));
    }
}
