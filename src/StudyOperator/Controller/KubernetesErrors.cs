using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Exceptions;

namespace StudyOperator.Controller;

/// <summary>Classifies API errors the plumbing reacts to.</summary>
internal static class KubernetesErrors
{
    /// <summary>410: the resourceVersion is too old (a watch ERROR event "Expired"/"Gone", or an HTTP 410 answer).</summary>
    public static bool IsGone(Exception error) => error switch
    {
        KubernetesException { Status.Code: (int)HttpStatusCode.Gone } => true,
        HttpOperationException { Response.StatusCode: HttpStatusCode.Gone } => true,
        _ => false,
    };

    /// <summary>
    /// Failures of the API or the connection that a list/watch loop should ride out with backoff.
    /// Anything else is a bug and is left to surface.
    /// </summary>
    public static bool IsTransient(Exception error) => error is HttpOperationException or KubernetesException
        or KubernetesClientException or HttpRequestException or IOException or TimeoutException or JsonException;
}
