namespace StudyOperator.Sandbox.Registry;

/// <summary>The served resources: the built-ins plus every Established CRD version; feeds routing and discovery.</summary>
internal sealed class ResourceRegistry
{
    private readonly Lock sync = new();
    private readonly List<ResourceType> builtIns;
    private Dictionary<string, List<ResourceType>> customByCrd = new(StringComparer.Ordinal);
    private Dictionary<(string Group, string Version, string Plural), ResourceType> index = [];

    public ResourceRegistry()
    {
        builtIns = BuiltInResources.Create();
        Rebuild();
    }

    public IReadOnlyList<ResourceType> All
    {
        get
        {
            lock (sync)
            {
                return [.. index.Values];
            }
        }
    }

    public ResourceType? Find(string group, string version, string plural)
    {
        lock (sync)
        {
            return index.GetValueOrDefault((group, version, plural));
        }
    }

    public ResourceType Get(string group, string version, string plural) =>
        Find(group, version, plural) ?? throw new InvalidOperationException($"{group}/{version} {plural} is not registered");

    /// <summary>Any served version of a group/resource (GC and namespace cleanup only need the storage).</summary>
    public ResourceType? FindByStorageKey(string storageKey)
    {
        lock (sync)
        {
            return index.Values.Where(t => t.EffectiveStorageKey == storageKey).OrderBy(t => t.Group.Length == 0 ? 0 : 1).FirstOrDefault();
        }
    }

    /// <summary>Serves (or re-serves) the versions of one CRD.</summary>
    public void SetCustom(string crdName, List<ResourceType> types)
    {
        lock (sync)
        {
            var copy = new Dictionary<string, List<ResourceType>>(customByCrd, StringComparer.Ordinal) { [crdName] = types };
            customByCrd = copy;
            Rebuild();
        }
    }

    public void RemoveCustom(string crdName)
    {
        lock (sync)
        {
            var copy = new Dictionary<string, List<ResourceType>>(customByCrd, StringComparer.Ordinal);
            copy.Remove(crdName);
            customByCrd = copy;
            Rebuild();
        }
    }

    private void Rebuild()
    {
        var next = new Dictionary<(string, string, string), ResourceType>();
        foreach (var t in builtIns.Concat(customByCrd.Values.SelectMany(v => v)))
        {
            next[(t.Group, t.Version, t.Plural)] = t;
        }

        index = next;
    }
}
