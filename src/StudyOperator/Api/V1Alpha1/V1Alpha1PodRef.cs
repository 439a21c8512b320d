using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>One pod by name and UID, so a recorded action can only ever reach that exact pod, never a successor with the same name.</summary>
[Description("One pod by name and UID; a recorded action reaches only that exact pod, never a later pod with the same name.")]
public sealed class V1Alpha1PodRef
{
    [Description("The pod's name.")]
    [JsonPropertyName("name")]
    [Required]
    public string Name { get; set; } = "";

    [Description("The pod's metadata.uid.")]
    [JsonPropertyName("uid")]
    [Required]
    public string Uid { get; set; } = "";
}
