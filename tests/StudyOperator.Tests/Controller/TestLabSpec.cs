using System.Text.Json.Serialization;

namespace StudyOperator.Tests.Controller;

public sealed class TestLabSpec
{
    [JsonPropertyName("replicas")]
    public int Replicas { get; set; }
}
