using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>A list of StudyLabs, as the API returns it.</summary>
public sealed class V1Alpha1StudyLabList : IKubernetesObject<V1ListMeta>, IItems<V1Alpha1StudyLab>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = StudyLabGroup.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = StudyLabGroup.ListKind;

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<V1Alpha1StudyLab> Items { get; set; } = [];
}
