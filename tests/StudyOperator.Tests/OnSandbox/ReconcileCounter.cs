using System.Collections.Concurrent;
using System.Diagnostics;
using StudyOperator.Controller;

namespace StudyOperator.Tests.OnSandbox;

/// <summary>
/// Counts finished reconcile spans per namespace (tests run operators in parallel, each in its own
/// namespace) and notices whether one object was ever reconciled by two workers at once.
/// </summary>
internal sealed class ReconcileCounter : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentDictionary<string, int> _finished = new();
    private readonly ConcurrentDictionary<string, int> _running = new();
    private int _overlaps;

    private ReconcileCounter(string ns)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ControllerDiagnostics.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = activity =>
            {
                if (Key(activity, ns) is { } key && _running.AddOrUpdate(key, 1, (_, n) => n + 1) > 1)
                {
                    Interlocked.Increment(ref _overlaps);
                }
            },
            ActivityStopped = activity =>
            {
                if (Key(activity, ns) is { } key)
                {
                    _running.AddOrUpdate(key, 0, (_, n) => n - 1);
                    _finished.AddOrUpdate(key, 1, (_, n) => n + 1);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public static ReconcileCounter Start(string ns) => new(ns);

    /// <summary>Reconciles finished for objects of the namespace since the counter started.</summary>
    public int Total => _finished.Values.Sum();

    /// <summary>Times a reconcile of an object started while another of the same object was running.</summary>
    public int Overlaps => Volatile.Read(ref _overlaps);

    public int Count(string name) => _finished.TryGetValue(name, out var n) ? n : 0;

    private static string? Key(Activity activity, string ns) =>
        activity.GetTagItem("k8s.namespace.name") as string == ns ? activity.GetTagItem("k8s.object.name") as string : null;

    public void Dispose() => _listener.Dispose();
}
