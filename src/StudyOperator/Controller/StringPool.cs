using System.Diagnostics.CodeAnalysis;
using k8s.Models;

namespace StudyOperator.Controller;

/// <summary>
/// Lets cached objects share one instance of equal strings (a namespace, a label key, a lab's name, a condition type):
/// the JSON reader allocates a fresh string for every value, and at a thousand labs the same few hundred values make up
/// much of the cache. The pool is a cache, not a registry: it takes only short strings and forgets everything when it
/// is full, so names of long-deleted objects are not kept forever and a pooled string is only ever equal, never
/// different, to the one it replaces.
/// </summary>
internal sealed class StringPool
{
    /// <summary>Longer strings (a last-applied annotation, a termination message) rarely repeat and are not pooled.</summary>
    public const int MaxLength = 64;

    private readonly Lock gate = new();
    private readonly HashSet<string> strings = new(StringComparer.Ordinal);
    private readonly int capacity;

    public StringPool(int capacity = 16_384)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.capacity = capacity;
    }

    /// <summary>The pool every informer shares, so that e.g. a label key is one string across all kinds.</summary>
    public static StringPool Shared { get; } = new();

    public int Count
    {
        get
        {
            lock (gate)
            {
                return strings.Count;
            }
        }
    }

    /// <summary>The pooled instance equal to <paramref name="value"/> (which becomes the pooled one if none was).</summary>
    [return: NotNullIfNotNull(nameof(value))]
    public string? Intern(string? value)
    {
        if (value is null || value.Length > MaxLength)
        {
            return value;
        }

        lock (gate)
        {
            if (strings.TryGetValue(value, out var pooled))
            {
                return pooled;
            }

            if (strings.Count >= capacity)
            {
                strings.Clear();
            }

            strings.Add(value);
            return value;
        }
    }

    /// <summary>
    /// A copy of the map with pooled keys (and values, when <paramref name="values"/>), sized to fit: a map read from
    /// JSON grows in steps and keeps the slack.
    /// </summary>
    [return: NotNullIfNotNull(nameof(map))]
    public IDictionary<string, string>? Intern(IDictionary<string, string>? map, bool values = true)
    {
        if (map is null)
        {
            return null;
        }

        var pooled = new Dictionary<string, string>(map.Count, StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            pooled[Intern(key)] = values ? Intern(value) : value;
        }

        return pooled;
    }

    /// <summary>
    /// Pools the metadata strings that repeat across objects: namespace, label and annotation keys, label values (lab
    /// names, components), and owner references' apiVersion, kind and name. Annotation values (hashes, revisions) and
    /// UIDs are mostly one of a kind and would only crowd the pool.
    /// </summary>
    public void InternMetadata(V1ObjectMeta? metadata)
    {
        if (metadata is null)
        {
            return;
        }

        metadata.NamespaceProperty = Intern(metadata.NamespaceProperty);
        metadata.Labels = Intern(metadata.Labels);
        metadata.Annotations = Intern(metadata.Annotations, values: false);
        foreach (var owner in metadata.OwnerReferences ?? [])
        {
            owner.ApiVersion = Intern(owner.ApiVersion);
            owner.Kind = Intern(owner.Kind);
            owner.Name = Intern(owner.Name);
        }
    }
}
