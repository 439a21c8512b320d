using System.Collections.Concurrent;
using StudyOperator.Sandbox.Node;

namespace StudyOperator.Sandbox.Tests.Node;

/// <summary>Answers probes from a per-path script; the path of an HTTP action tells the probes apart.</summary>
internal sealed class FakeProbeRunner : IProbeRunner
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ProbeResult>> _scripts = new();
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private readonly ConcurrentDictionary<string, ProbeResult> _default = new();

    public static ProbeSpec Probe(string path, int initialDelay = 0, int period = 10, int successThreshold = 1, int failureThreshold = 3, long? grace = null) =>
        new(new HttpGetAction(path, PortReference.FromNumber(8080)), initialDelay, period, 1, successThreshold, failureThreshold, grace);

    /// <summary>Results to give, in order; afterwards the last one repeats.</summary>
    public void Script(string path, params ProbeResult[] results)
    {
        _scripts[path] = new ConcurrentQueue<ProbeResult>(results);
        _default[path] = results[^1];
    }

    public int Calls(string path) => _calls.GetValueOrDefault(path);

    public Task<ProbeOutcome> RunAsync(ProbeAction action, ProbeTarget target, TimeSpan timeout, CancellationToken ct)
    {
        var path = ((HttpGetAction)action).Path;
        _calls.AddOrUpdate(path, 1, (_, n) => n + 1);
        var result = _scripts.TryGetValue(path, out var queue) && queue.TryDequeue(out var next) ? next : _default.GetValueOrDefault(path, ProbeResult.Success);
        return Task.FromResult(result == ProbeResult.Success ? ProbeOutcome.Success() : ProbeOutcome.Failure("HTTP probe failed with statuscode: 500"));
    }
}
