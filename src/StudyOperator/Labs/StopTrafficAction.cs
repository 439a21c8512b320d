namespace StudyOperator.Labs;

/// <summary>Ask the background traffic probe to stop (<c>POST /stop</c> through the pod proxy); it then writes its result and exits.</summary>
internal sealed record StopTrafficAction(string Namespace, string Name, string Uid) : LabAction;
