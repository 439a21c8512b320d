using System.Text.Json.Serialization;
using k8s.Models;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>
/// Source-generated JSON metadata for the StudyLab types, put first in KubernetesClient's serializer options
/// (<see cref="Kube.GeneratedJson.UseWithKubernetesClient"/>). The client's own generated context knows only the built-in
/// kinds and falls back to reflection for anything else, which a Native AOT build (the image) cannot do for these
/// types; with this context the operator reads and writes StudyLabs the same way in both builds.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(V1Alpha1StudyLab))]
[JsonSerializable(typeof(V1Alpha1StudyLabStatus))]
[JsonSerializable(typeof(KubernetesList<V1Alpha1StudyLab>))]
[JsonSerializable(typeof(V1Alpha1StudyLabList))]
internal sealed partial class StudyLabJsonContext : JsonSerializerContext;
