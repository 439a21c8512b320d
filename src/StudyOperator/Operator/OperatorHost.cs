using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using StudyOperator.Controller;
using StudyOperator.Kube;

namespace StudyOperator.Operator;

/// <summary>
/// The operator process: a small web host for /healthz, /readyz and /metrics, OpenTelemetry
/// metrics and traces, leader election, and the controller.
/// </summary>
internal static class OperatorHost
{
    public const string ApiMeterName = "StudyOperator.Api";

    public static WebApplication Build(OperatorOptions options, KubernetesClientConfiguration cluster, TimeProvider? time = null, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Parse(options.MetricsAddress), options.MetricsPort));
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(c => c.SingleLine = true);
        logging?.Invoke(builder.Logging);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<IKubernetes>(sp =>
        {
            var meter = sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>().Create(new System.Diagnostics.Metrics.MeterOptions(ApiMeterName));
            return new Kubernetes(cluster, new RateLimitHandler(options.Qps, options.Burst), new ApiMetricsHandler(meter));
        });
        services.AddSingleton(sp => new ControllerMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton(sp => new OperatorRuntime(
            sp.GetRequiredService<IKubernetes>(), options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ControllerMetrics>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => sp.GetRequiredService<OperatorRuntime>().Leader);
        services.AddHostedService(sp => sp.GetRequiredService<LeaderElection>());
        services.AddHostedService<OperatorWorker>();

        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("study-operator", serviceInstanceId: string.IsNullOrEmpty(options.Identity) ? OperatorRuntime.DefaultIdentity : options.Identity))
            .WithMetrics(m => m.AddMeter(ControllerMetrics.MeterName, ApiMeterName, "StudyOperator.Labs")
                .AddView(BoundedStreams)
                .AddPrometheusExporter())
            .WithTracing(t => t.AddSource(ControllerDiagnostics.SourceName).AddHttpClientInstrumentation());
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            otel.WithMetrics(m => m.AddOtlpExporter()).WithTracing(t => t.AddOtlpExporter());
        }

        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", (OperatorRuntime runtime) => runtime.CachesSynced
            ? Results.Text("ok")
            : Results.Text("caches not synced", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    /// <summary>
    /// The controller's and the API client's metrics have small, fixed label sets (queue, informer, verb, code,
    /// result…), so their streams are sized for 200 series instead of OpenTelemetry's default 2,000, which it
    /// allocates up front (about 140 KB per metric). The lab metrics carry a label per lab and keep the default.
    /// </summary>
    private static MetricStreamConfiguration? BoundedStreams(System.Diagnostics.Metrics.Instrument instrument) =>
        instrument.Meter.Name is ControllerMetrics.MeterName or ApiMeterName ? new MetricStreamConfiguration { CardinalityLimit = 200 } : null;
}
