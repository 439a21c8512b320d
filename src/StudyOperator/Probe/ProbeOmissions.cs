namespace StudyOperator.Probe;

/// <summary>What was left out of a result to keep it within the 4,096-byte termination message.</summary>
internal sealed record ProbeOmissions(int ErrorWindows, int Pods, int PodAnswers, bool TargetShortened);
