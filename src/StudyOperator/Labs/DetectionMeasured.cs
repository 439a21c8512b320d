namespace StudyOperator.Labs;

/// <summary>How long the broken pod took to leave the Service's endpoints.</summary>
internal sealed record DetectionMeasured(long Milliseconds) : LabMeasurement;
