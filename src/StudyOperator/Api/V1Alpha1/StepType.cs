using System.Text.Json.Serialization;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>The experiment a lab step runs.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StepType>))]
public enum StepType
{
    /// <summary>Delete pods and measure how long the ReplicaSet takes to make the Deployment whole again.</summary>
    SelfHealing,

    /// <summary>Send requests through the Service and count the answers per pod.</summary>
    LoadBalancing,

    /// <summary>Make one pod fail its readiness check and measure how traffic moves away from it.</summary>
    Failover,
}
