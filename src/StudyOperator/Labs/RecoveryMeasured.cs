namespace StudyOperator.Labs;

/// <summary>One SelfHealing round's recovery time.</summary>
internal sealed record RecoveryMeasured(long Milliseconds) : LabMeasurement;
