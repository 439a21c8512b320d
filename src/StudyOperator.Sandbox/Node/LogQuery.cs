namespace StudyOperator.Sandbox.Node;

/// <summary>
/// The subset of core/v1 PodLogOptions a log buffer answers: <c>tailLines</c>, <c>sinceTime</c> (sinceSeconds is
/// turned into a time by the caller), <c>limitBytes</c> and <c>timestamps</c>.
/// </summary>
internal sealed record LogQuery(int? TailLines = null, DateTimeOffset? SinceTime = null, long? LimitBytes = null, bool Timestamps = false);
