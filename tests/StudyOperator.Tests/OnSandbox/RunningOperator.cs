using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StudyOperator.Operator;

namespace StudyOperator.Tests.OnSandbox;

/// <summary>The operator role hosted in-process against a sandbox, as `study-operator` runs it.</summary>
internal sealed class RunningOperator : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningOperator(WebApplication app)
    {
        _app = app;
        Runtime = app.Services.GetRequiredService<OperatorRuntime>();
    }

    public OperatorRuntime Runtime { get; }

    /// <summary>Where /healthz, /readyz and /metrics are served.</summary>
    public Uri HealthAddress => new(_app.Urls.First());

    /// <param name="cluster">The sandbox to run against.</param>
    /// <param name="configure">Changes the operator's settings.</param>
    /// <param name="connection">How the operator reaches the sandbox, if not directly (e.g. through a recording proxy).</param>
    public static async Task<RunningOperator> StartAsync(SandboxCluster cluster, Action<OperatorOptions>? configure = null, KubernetesClientConfiguration? connection = null)
    {
        var options = new OperatorOptions
        {
            MetricsPort = 0,
            MetricsAddress = "127.0.0.1",
            Image = "study-operator:dev",
            ResyncPeriod = TimeSpan.FromMinutes(10),
        };
        configure?.Invoke(options);
        Assert.Empty(OperatorCommand.Problems(options));
        var app = OperatorHost.Build(options, connection ?? cluster.Config, logging: l => l.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        return new RunningOperator(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
