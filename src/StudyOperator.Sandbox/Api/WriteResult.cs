using System.Text.Json.Nodes;

namespace StudyOperator.Sandbox.Api;

/// <summary>The served object after a write, whether it was created, and warnings for the <c>Warning</c> header.</summary>
internal sealed record WriteResult(JsonObject Object, bool Created, IReadOnlyList<string> Warnings);
