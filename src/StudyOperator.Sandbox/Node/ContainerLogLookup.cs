namespace StudyOperator.Sandbox.Node;

/// <summary>
/// The answer to "which log does <c>kubectl logs [--previous]</c> read": the log, or the kubelet's error text
/// (the API server answers it as 400 Bad Request).
/// </summary>
internal sealed record ContainerLogLookup(ContainerLog? Log, string? Error);
