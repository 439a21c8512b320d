using System.Text.Json.Nodes;

namespace StudyOperator.Sandbox.Storage;

/// <summary>A committed change. <see cref="Object"/> is frozen: never mutate it.</summary>
internal sealed record StoreEvent(long ResourceVersion, WatchEventType Type, string StorageKey, JsonObject Object, JsonObject? OldObject, DateTimeOffset Committed)
{
    public string Namespace => Object.Ns();
}
