using System.Text.Json.Nodes;

namespace StudyOperator.Sandbox.Api;

/// <summary>An API failure that is answered with a Kubernetes <c>Status</c> body.</summary>
internal sealed class ApiException(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public JsonObject? Details { get; } = details;

    /// <summary>Seconds for a <c>Retry-After</c> header (429 and some 5xx answers).</summary>
    public int? RetryAfterSeconds { get; init; }

    public JsonObject ToStatus() => StatusBodies.Failure(Code, Reason, Message, Details?.DeepClone().AsObject());
}
