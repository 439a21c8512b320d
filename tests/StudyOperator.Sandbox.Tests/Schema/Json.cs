using System.Text.Json.Nodes;

namespace StudyOperator.Sandbox.Tests.Schema;

internal static class Json
{
    /// <summary>Parses JSON written with single quotes (for readable C# literals); a backtick becomes a single quote inside strings.</summary>
    public static JsonNode Parse(string json) => JsonNode.Parse(json.Replace('\'', '"').Replace('`', '\''))!;
}
