namespace StudyOperator.Controller;

/// <summary>What the work queue does with a key after a reconcile.</summary>
internal enum ReconcileResultKind
{
    /// <summary>Finished; backoff is reset and nothing is scheduled.</summary>
    Done,

    /// <summary>Finished for now; look again after a fixed delay (backoff is reset).</summary>
    RequeueAfter,

    /// <summary>Transient failure: retry with per-key exponential backoff, or after an explicit delay.</summary>
    Retry,

    /// <summary>Permanent failure: no retry until the object changes and the informer enqueues it again.</summary>
    TerminalFailure,
}
