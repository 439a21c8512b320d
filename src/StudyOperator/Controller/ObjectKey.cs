using k8s;
using k8s.Models;

namespace StudyOperator.Controller;

/// <summary>Identifies an object by namespace and name; the unit of work in a controller's queue.</summary>
/// <param name="Namespace">The namespace, or null for cluster-scoped objects.</param>
/// <param name="Name">The object's name.</param>
internal readonly record struct ObjectKey(string? Namespace, string Name)
{
    public static ObjectKey Of(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var meta = obj.Metadata ?? throw new ArgumentException("The object has no metadata.", nameof(obj));
        return new ObjectKey(string.IsNullOrEmpty(meta.NamespaceProperty) ? null : meta.NamespaceProperty, meta.Name);
    }

    /// <summary>Parses the <c>namespace/name</c> (or bare <c>name</c>) form that <see cref="ToString"/> writes.</summary>
    public static ObjectKey Parse(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? new ObjectKey(null, text) : new ObjectKey(text[..slash], text[(slash + 1)..]);
    }

    // The same form as client-go's MetaNamespaceKeyFunc, so keys read the same in logs of both worlds.
    public override string ToString() => Namespace is null ? Name : $"{Namespace}/{Name}";
}
