using System.Net;
using Microsoft.Extensions.Time.Testing;
using StudyOperator.Controller;

namespace StudyOperator.Tests.Controller;

public sealed class ReconcileResultTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Too_many_requests_retries_after_the_Retry_After_header()
    {
        var result = ReconcileResult.FromException(ApiErrors.Http(HttpStatusCode.TooManyRequests, retryAfterSeconds: 7), time);

        Assert.Equal(ReconcileResultKind.Retry, result.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), result.Delay);
    }

    [Fact]
    public void Too_many_requests_without_a_header_uses_the_Status_retryAfterSeconds()
    {
        const string status = """
            {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"TooManyRequests","code":429,"details":{"retryAfterSeconds":4}}
            """;

        var result = ReconcileResult.FromException(ApiErrors.Http(HttpStatusCode.TooManyRequests, body: status), time);

        Assert.Equal(TimeSpan.FromSeconds(4), result.Delay);
    }

    [Fact]
    public void Too_many_requests_without_any_hint_falls_back_to_backoff()
    {
        var result = ReconcileResult.FromException(ApiErrors.Http(HttpStatusCode.TooManyRequests, body: "<html>busy</html>"), time);

        Assert.Equal(ReconcileResultKind.Retry, result.Kind);
        Assert.Null(result.Delay);
    }

    [Fact]
    public void Retry_After_as_an_http_date_counts_from_now()
    {
        var error = ApiErrors.Http(HttpStatusCode.TooManyRequests);
        error.Response.Headers["Retry-After"] = [time.GetUtcNow().AddSeconds(90).ToString("r")];

        Assert.Equal(TimeSpan.FromSeconds(90), ReconcileResult.FromException(error, time).Delay);
    }

    [Fact]
    public void A_conflict_is_retried_with_backoff_so_the_cache_can_catch_up()
    {
        var result = ReconcileResult.FromException(ApiErrors.Http(HttpStatusCode.Conflict), time);

        Assert.Equal(ReconcileResultKind.Retry, result.Kind);
        Assert.Null(result.Delay);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.Forbidden)]
    public void Server_and_other_errors_back_off(HttpStatusCode status)
    {
        var result = ReconcileResult.FromException(ApiErrors.Http(status), time);

        Assert.Equal(ReconcileResultKind.Retry, result.Kind);
        Assert.Null(result.Delay);
        Assert.IsType<k8s.Autorest.HttpOperationException>(result.Error);
    }

    [Fact]
    public void Network_errors_back_off()
    {
        var result = ReconcileResult.FromException(new HttpRequestException("connection refused"), time);

        Assert.Equal(ReconcileResultKind.Retry, result.Kind);
        Assert.Null(result.Delay);
        Assert.True(ReconcileResult.IsApiOrTransportError(result.Error!));
        Assert.False(ReconcileResult.IsApiOrTransportError(new InvalidOperationException("a bug")));
    }

    [Fact]
    public void Factories_carry_their_meaning()
    {
        Assert.Equal(ReconcileResultKind.Done, ReconcileResult.Done().Kind);
        Assert.Equal(TimeSpan.FromSeconds(5), ReconcileResult.RequeueAfter(TimeSpan.FromSeconds(5)).Delay);
        Assert.Equal("InvalidSpec", ReconcileResult.TerminalFailure("InvalidSpec").Reason);
        Assert.Throws<ArgumentOutOfRangeException>(() => ReconcileResult.RequeueAfter(TimeSpan.FromSeconds(-1)));
    }
}
