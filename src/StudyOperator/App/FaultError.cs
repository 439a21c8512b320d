namespace StudyOperator.App;

/// <summary>Answer to a fault request that could not be applied.</summary>
internal sealed record FaultError(string Error);
