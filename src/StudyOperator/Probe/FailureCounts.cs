using System.Text.Json.Serialization;

namespace StudyOperator.Probe;

/// <summary>Failed requests by kind.</summary>
internal sealed record FailureCounts(int Refused, int Timeout, [property: JsonPropertyName("5xx")] int ServerError, int Other)
{
    public static readonly FailureCounts None = new(0, 0, 0, 0);

    [JsonIgnore]
    public int Total => Refused + Timeout + ServerError + Other;
}
