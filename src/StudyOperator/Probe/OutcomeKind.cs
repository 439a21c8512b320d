namespace StudyOperator.Probe;

/// <summary>How one request ended.</summary>
internal enum OutcomeKind
{
    Ok,

    /// <summary>The TCP connection was refused (nothing listening, or no endpoints behind the Service).</summary>
    Refused,

    /// <summary>No complete answer within --timeout.</summary>
    Timeout,

    /// <summary>An HTTP status of 500 or more.</summary>
    ServerError,

    /// <summary>Anything else: reset connections, DNS failures, non-2xx answers below 500.</summary>
    Other,
}
