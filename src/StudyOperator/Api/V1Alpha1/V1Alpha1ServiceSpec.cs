using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using StudyOperator.Api.Schema;

namespace StudyOperator.Api.V1Alpha1;

/// <summary>The Service in front of the demo pods.</summary>
[Description("The Service in front of the demo pods.")]
[CelRule("self.type == 'NodePort' || !has(self.nodePort)", "nodePort can only be set when type is NodePort", FieldPath = ".nodePort")]
public sealed class V1Alpha1ServiceSpec
{
    [Description("ClusterIP (reachable inside the cluster) or NodePort (also on every node's port).")]
    [JsonPropertyName("type")]
    [DefaultValue(ServiceType.ClusterIP)]
    public ServiceType Type { get; set; } = ServiceType.ClusterIP;

    [Description("Port the Service listens on; it forwards to the pods' http port (8080).")]
    [JsonPropertyName("port")]
    [DefaultValue(80)]
    [Range(1, 65535)]
    public int Port { get; set; } = 80;

    [Description("Fixed node port for type NodePort (30000-32767); empty lets the cluster choose.")]
    [JsonPropertyName("nodePort")]
    [Range(30000, 32767)]
    public int? NodePort { get; set; }
}
