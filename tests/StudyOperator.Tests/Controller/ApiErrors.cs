using System.Net;
using System.Net.Http.Headers;
using k8s.Autorest;

namespace StudyOperator.Tests.Controller;

/// <summary>Builds the exceptions KubernetesClient throws for failed API calls.</summary>
internal static class ApiErrors
{
    public static HttpOperationException Http(HttpStatusCode status, int? retryAfterSeconds = null, string body = "")
    {
        using var response = new HttpResponseMessage(status);
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        }

        return new HttpOperationException($"Operation returned an invalid status code '{status}'")
        {
            Response = new HttpResponseMessageWrapper(response, body),
        };
    }
}
