namespace StudyOperator.Labs;

/// <summary>A number the engine measured in this pass, for the metrics; the same number is in status.</summary>
internal abstract record LabMeasurement;
