using System.Globalization;
using System.Net;
using k8s;
using k8s.Autorest;

namespace StudyOperator.Labs;

/// <summary>
/// One HTTP request to a pod through the API server's pod proxy subresource
/// (<c>/api/v1/namespaces/NS/pods/NAME:PORT/proxy/PATH</c>; a pod proxy takes a port number, not a port name), so the
/// operator needs no network path to pods. KubernetesClient's generated <c>ConnectXNamespacedPodProxyWithPathAsync</c>
/// methods cannot carry a body, so the request goes through the client's own HttpClient and credentials (same TLS,
/// token and handlers).
/// </summary>
internal static class PodProxy
{
    /// <summary>Sends the request; a non-success answer throws <see cref="HttpOperationException"/> with its status and body.</summary>
    public static async Task<string> SendAsync(IKubernetes client, HttpMethod method, string @namespace, string pod, int port, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        if (client is not Kubernetes kubernetes)
        {
            throw new NotSupportedException($"a pod proxy request needs the KubernetesClient {nameof(Kubernetes)} class, not {client.GetType().Name}");
        }

        using var request = new HttpRequestMessage(method, RequestUri(kubernetes.BaseUri, @namespace, pod, port, path)) { Content = content };
        if (kubernetes.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken);
        }

        using var response = await kubernetes.HttpClient.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpOperationException($"{method} /{path} to pod {@namespace}/{pod} through the pod proxy answered {(int)response.StatusCode}: {body}")
            {
                Response = new HttpResponseMessageWrapper(response, body),
            };
        }

        return body;
    }

    internal static Uri RequestUri(Uri baseUri, string @namespace, string pod, int port, string path)
    {
        var root = baseUri.AbsoluteUri.TrimEnd('/');
        return new Uri(string.Create(CultureInfo.InvariantCulture,
            $"{root}/api/v1/namespaces/{WebUtility.UrlEncode(@namespace)}/pods/{WebUtility.UrlEncode(pod)}:{port}/proxy/{path}"));
    }
}
