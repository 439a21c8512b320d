using System.Diagnostics.Metrics;
using System.Net.Sockets;

namespace StudyOperator.Kube;

/// <summary>Counts every API request by verb and response code (or the kind of network failure).</summary>
internal sealed class ApiMetricsHandler(Meter meter) : DelegatingHandler
{
    private readonly Counter<long> _requests = meter.CreateCounter<long>(
        "studyoperator_api_requests", unit: "{request}", description: "Kubernetes API requests by verb and response code.");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var verb = request.Method.Method;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            _requests.Add(1, new("verb", verb), new("code", ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return response;
        }
        catch (HttpRequestException e)
        {
            _requests.Add(1, new("verb", verb), new("code", e.InnerException is SocketException socket ? socket.SocketErrorCode.ToString() : "network"));
            throw;
        }
    }
}
