using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace StudyOperator.App;

/// <summary>The HTTP surface of the demo workload; see docs/app-and-probe.md.</summary>
internal static class AppEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, AppOptions options, AppState state, TimeProvider time, Action<int> exitProcess, ILogger logger)
    {
        // Two parameters on purpose: a lambda taking only HttpContext binds to the RequestDelegate overload, and under
        // the request delegate generator (on in the Native AOT build) its IResult is then dropped: 200, empty body.
        routes.MapGet("/", async (HttpContext context, CancellationToken requestAborted) =>
        {
            var slow = state.Faults.Slow;
            if (slow > TimeSpan.Zero)
                await Task.Delay(slow, time, requestAborted);

            var failing = state.Faults.Failing;
            var info = new AppInfo(options.PodName, options.Version, options.Namespace, state.StartedAt, state.CountServed(), failing ? "failing" : null);
            return Results.Json(info, AppJsonContext.Default.AppInfo, statusCode: failing ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
        });

        routes.MapGet("/healthz", () => state.Faults.Liveness
            ? Results.Text("fault: liveness\n", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ok\n"));

        routes.MapGet("/readyz", () => state.NotReadyReason() is { } reason
            ? Results.Text(reason + "\n", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ok\n"));

        routes.MapGet("/fault", () => Results.Json(state.Faults.Snapshot(), AppJsonContext.Default.FaultStatus));

        routes.MapPost("/fault", (HttpContext context, FaultRequest? request) =>
        {
            var (error, mode) = Validate(request);
            if (error is not null)
                return Results.Json(new FaultError(error), AppJsonContext.Default.FaultError, statusCode: StatusCodes.Status400BadRequest);

            var enabled = request!.Enabled ?? true;
            var delayMs = request.DelayMs ?? FaultRequest.DefaultSlowMs;
            if (mode == FaultMode.Crash)
            {
                Log.Crashing(logger, AppOptions.CrashExitCode);
                ExitAfterAnswer(context, () => exitProcess(AppOptions.CrashExitCode));
                return Results.Json(state.Faults.Snapshot(), AppJsonContext.Default.FaultStatus, statusCode: StatusCodes.Status202Accepted);
            }

            state.Faults.Set(mode, enabled, delayMs);
            var snapshot = state.Faults.Snapshot();
            Log.FaultSwitched(logger, mode, mode == FaultMode.Reset || enabled, snapshot.SlowMs, snapshot);
            return Results.Json(snapshot, AppJsonContext.Default.FaultStatus);
        }).DisableAntiforgery();
    }

    /// <summary>
    /// Runs <paramref name="exit"/> once the answer has really left: the connection is closed after this response and
    /// the exit waits until Kestrel has finished with it (its socket sends are done), so the caller almost always gets the 202 (under heavy load the process can still be gone first).
    /// </summary>
    private static void ExitAfterAnswer(HttpContext context, Action exit)
    {
        context.Response.Headers.Connection = "close";
        if (context.Features.Get<IConnectionCompleteFeature>() is { } connection)
        {
            connection.OnCompleted(
                static state =>
                {
                    ((Action)state)();
                    return Task.CompletedTask;
                },
                exit);
        }
        else
        {
            // Not an HTTP/1.x connection of Kestrel's own (e.g. a test server): the response is complete at least.
            context.Response.OnCompleted(() =>
            {
                exit();
                return Task.CompletedTask;
            });
        }
    }

    private static (string? Error, FaultMode Mode) Validate(FaultRequest? request)
    {
        const string modes = "unready, failing, slow, liveness, crash, reset";
        if (request?.Mode is null)
            return ($"body must be JSON like {{\"mode\":\"unready\",\"enabled\":true}}; modes: {modes}", default);
        if (!Enum.TryParse<FaultMode>(request.Mode, ignoreCase: true, out var mode) || !Enum.IsDefined(mode) || int.TryParse(request.Mode, out _))
            return ($"unknown mode {request.Mode}; modes: {modes}", default);
        if (request.DelayMs is { } delay && (delay < 1 || delay > FaultRequest.MaxSlowMs))
            return ($"delayMs must be between 1 and {FaultRequest.MaxSlowMs}", default);
        return (null, mode);
    }
}
