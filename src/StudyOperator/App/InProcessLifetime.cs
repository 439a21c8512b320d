using Microsoft.Extensions.Hosting;

namespace StudyOperator.App;

/// <summary>Lifetime for an app hosted inside another process (tests): stopping is the caller's job.</summary>
internal sealed class InProcessLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
