namespace StudyOperator.Api.Schema;

/// <summary>Marks a list as <c>x-kubernetes-list-type: map</c> keyed by the given fields (merged per key by server-side apply).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ListMapKeysAttribute(params string[] keys) : Attribute
{
    public IReadOnlyList<string> Keys { get; } = keys;
}
