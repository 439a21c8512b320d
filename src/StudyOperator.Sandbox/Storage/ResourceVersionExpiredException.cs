namespace StudyOperator.Sandbox.Storage;

/// <summary>The requested resourceVersion fell out of the retained window of changes.</summary>
internal sealed class ResourceVersionExpiredException(long requested, long oldest)
    : Exception($"too old resource version: {requested} ({oldest})")
{
    public long Requested { get; } = requested;

    public long Oldest { get; } = oldest;
}
