using System.Text.Json.Serialization;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>The language lessons are written in.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LabLanguage>))]
public enum LabLanguage
{
    [JsonStringEnumMemberName("en")]
    English,

    [JsonStringEnumMemberName("ko")]
    Korean,
}
