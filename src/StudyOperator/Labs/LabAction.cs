namespace StudyOperator.Labs;

/// <summary>
/// Something the engine wants done in the cluster. Actions are performed only after the status that records
/// them was written, so a crash in between leaves a record from which the same action (never a new one) is re-applied.
/// </summary>
internal abstract record LabAction;
