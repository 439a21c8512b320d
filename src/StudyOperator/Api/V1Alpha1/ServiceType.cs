using System.Text.Json.Serialization;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>How the lab's Service is exposed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ServiceType>))]
public enum ServiceType
{
    ClusterIP,
    NodePort,
}
