namespace StudyOperator.Labs;

/// <summary>Delete exactly this pod: the UID precondition makes a later pod with the same name untouchable.</summary>
internal sealed record DeletePodAction(string Namespace, string Name, string Uid) : LabAction;
