namespace StudyOperator.Controller;

/// <summary>One full list: the items and the list's resourceVersion to start watching from.</summary>
internal sealed record ListResult<T>(IReadOnlyList<T> Items, string ResourceVersion);
