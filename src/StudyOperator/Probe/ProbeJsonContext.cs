using System.Text.Json;
using System.Text.Json.Serialization;

namespace StudyOperator.Probe;

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ProbeResult))]
[JsonSerializable(typeof(ProbeCountersSnapshot))]
internal sealed partial class ProbeJsonContext : JsonSerializerContext;
