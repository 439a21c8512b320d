using System.Text.Json.Nodes;

namespace StudyOperator.Sandbox.Api;

/// <summary>A delete's answer: the object (finalizers pending, graceful, or pods) or a Success Status.</summary>
internal sealed record DeleteResult(JsonObject Body, bool Deleted);
