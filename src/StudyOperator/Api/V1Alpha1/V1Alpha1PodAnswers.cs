using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>How many answers one pod gave behind the Service.</summary>
[Description("How many answers one pod gave behind the Service.")]
public sealed class V1Alpha1PodAnswers
{
    [Description("The pod's name.")]
    [JsonPropertyName("pod")]
    [Required]
    public string Pod { get; set; } = "";

    [Description("Answers from this pod.")]
    [JsonPropertyName("count")]
    [Required]
    public long Count { get; set; }

    [Description("This pod's share of all answers, e.g. '33.3%'.")]
    [JsonPropertyName("share")]
    public string? Share { get; set; }
}
