namespace StudyOperator.Labs;

/// <summary>An Event the engine wants recorded on the lab (type Normal or Warning, a CamelCase reason, a sentence).</summary>
internal sealed record LabEvent(string Type, string Reason, string Message);
