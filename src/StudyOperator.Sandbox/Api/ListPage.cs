using System.Text;
using System.Text.Json.Nodes;

namespace StudyOperator.Sandbox.Api;

/// <summary>Chunked lists: an opaque continue token carries the list's resourceVersion and the last key returned.</summary>
internal static class ListPage
{
    public static string Token(long rv, string lastKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = rv, ["start"] = lastKey + "\u0000" }.ToJsonString()));

    public static (long Rv, string Start) Parse(string token)
    {
        try
        {
            var json = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)))!.AsObject();
            return (json["rv"]!.GetValue<long>(), json["start"]!.GetValue<string>());
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or NullReferenceException or InvalidOperationException)
        {
            throw StatusBodies.BadRequest($"continue key is not valid: {e.Message}");
        }
    }

    public const string ExpiredMessage =
        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";
}
