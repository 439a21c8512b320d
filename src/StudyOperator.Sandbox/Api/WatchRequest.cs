using StudyOperator.Sandbox.Registry;
using StudyOperator.Sandbox.Selectors;

namespace StudyOperator.Sandbox.Api;

/// <summary>A parsed watch: what to watch, from where, and how to encode events.</summary>
internal sealed record WatchRequest(
    ResourceType Type,
    string Namespace,
    LabelSelector Labels,
    FieldSelector Fields,
    string ResourceVersion,
    bool SendInitialEvents,
    bool AllowBookmarks,
    TimeSpan Timeout,
    OutputFormat Format,
    string? IncludeObject);
