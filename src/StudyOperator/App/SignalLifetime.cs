using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StudyOperator.App;

/// <summary>
/// SIGTERM/SIGINT start a graceful stop. Replaces the console lifetime on purpose: that one blocks
/// <see cref="AppDomain.ProcessExit"/> until the host is disposed, which would turn the `crash` fault
/// (<see cref="Environment.Exit(int)"/>) into a slow graceful shutdown.
/// </summary>
internal sealed class SignalLifetime(IHostApplicationLifetime lifetime, ILogger<SignalLifetime> logger) : IHostLifetime, IDisposable
{
    private readonly List<PosixSignalRegistration> registrations = [];

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
        registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var registration in registrations)
            registration.Dispose();
        registrations.Clear();
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Keep the runtime from terminating the process: the host drains and then returns exit code 0.
        context.Cancel = true;
        Log.SignalReceived(logger, context.Signal.ToString());
        lifetime.StopApplication();
    }
}
