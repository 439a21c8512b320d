using StudyOperator.Sandbox.Strategies;

namespace StudyOperator.Sandbox.Registry;

/// <summary>One served resource: what discovery, routing, OpenAPI and tables know about it.</summary>
internal sealed record ResourceType(
    string Group,
    string Version,
    string Plural,
    string Singular,
    string Kind,
    bool Namespaced,
    ResourceStrategy Strategy)
{
    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    public IReadOnlyList<string> Verbs { get; init; } = AllVerbs;

    public bool HasStatus { get; init; }

    public bool HasScale { get; init; }

    /// <summary>Pods and services: <c>/proxy</c>.</summary>
    public bool HasProxy { get; init; }

    /// <summary>Pods: <c>/log</c>.</summary>
    public bool HasLog { get; init; }

    /// <summary>Storage shared between versions and groups (events.k8s.io/v1 and core/v1 events share one).</summary>
    public string StorageKey { get; init; } = "";

    /// <summary>Custom resources: served from a CRD.</summary>
    public bool IsCustom { get; init; }

    /// <summary>Custom resources: the version's openAPIV3Schema, published in /openapi/v3 for explain.</summary>
    public System.Text.Json.Nodes.JsonObject? OpenApiSchema { get; init; }

    public static readonly IReadOnlyList<string> AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string ListKind => Kind + "List";

    public string EffectiveStorageKey => StorageKey.Length > 0 ? StorageKey : $"{Group}/{Plural}";

    public string QualifiedName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
}
