using System.Text.Json.Serialization;

namespace StudyOperator.App;

/// <summary>Answer of <c>GET /</c>: who answered, so traffic can be counted per pod.</summary>
internal sealed record AppInfo(
    string Pod,
    string Version,
    string? Namespace,
    DateTimeOffset StartedAt,
    long Served,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Fault = null);
