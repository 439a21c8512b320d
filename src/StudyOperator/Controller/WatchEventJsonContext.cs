using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace StudyOperator.Controller;

/// <summary>
/// Source-generated JSON metadata for the watch events the informers read. KubernetesClient's own generated context
/// has the kinds but not the event wrapper around them (nor the bare object a custom-resource watch is read as
/// first), and reaches those by reflection, which a Native AOT build (the image) cannot do for trimmed types.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(KubernetesObject))]
[JsonSerializable(typeof(Watcher<object>.WatchEvent))]
[JsonSerializable(typeof(Watcher<KubernetesObject>.WatchEvent))]
[JsonSerializable(typeof(Watcher<V1Pod>.WatchEvent))]
[JsonSerializable(typeof(Watcher<V1Deployment>.WatchEvent))]
[JsonSerializable(typeof(Watcher<V1Service>.WatchEvent))]
[JsonSerializable(typeof(Watcher<V1ReplicaSet>.WatchEvent))]
[JsonSerializable(typeof(Watcher<V1Job>.WatchEvent))]
[JsonSerializable(typeof(Watcher<V1EndpointSlice>.WatchEvent))]
internal sealed partial class WatchEventJsonContext : JsonSerializerContext;
