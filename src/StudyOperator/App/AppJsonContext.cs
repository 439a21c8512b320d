using System.Text.Json;
using System.Text.Json.Serialization;

namespace StudyOperator.App;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(AppInfo))]
[JsonSerializable(typeof(FaultRequest))]
[JsonSerializable(typeof(FaultStatus))]
[JsonSerializable(typeof(FaultError))]
internal sealed partial class AppJsonContext : JsonSerializerContext;
