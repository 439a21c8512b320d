namespace StudyOperator.Sandbox.Api;

/// <summary>The parts of meta/v1 DeleteOptions the sandbox honours.</summary>
internal sealed record DeleteOptions(string? PropagationPolicy = null, long? GracePeriodSeconds = null, string? PreconditionUid = null, string? PreconditionResourceVersion = null, bool DryRun = false);
