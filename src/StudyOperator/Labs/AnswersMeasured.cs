namespace StudyOperator.Labs;

/// <summary>Answers one pod gave in a LoadBalancing step.</summary>
internal sealed record AnswersMeasured(string Pod, long Count) : LabMeasurement;
