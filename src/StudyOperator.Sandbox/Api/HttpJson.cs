using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace StudyOperator.Sandbox.Api;

/// <summary>Reading request bodies and writing JSON answers.</summary>
internal static class HttpJson
{
    public static async Task WriteAsync(HttpContext context, int status, JsonNode body, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        await using (writer.ConfigureAwait(false))
        {
            body.WriteTo(writer);
        }

        await context.Response.BodyWriter.FlushAsync(cancellationToken);
    }

    /// <summary>Reads a JSON body (or YAML for apply patches); 400 when it does not parse.</summary>
    public static async Task<JsonNode?> ReadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var contentType = context.Request.ContentType ?? "";
        if (contentType.StartsWith("application/vnd.kubernetes.protobuf", StringComparison.OrdinalIgnoreCase))
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, cancellationToken);
            return Protobuf.ProtobufBody.Decode(buffer.ToArray());
        }

        if (contentType.Contains("protobuf", StringComparison.OrdinalIgnoreCase) || contentType.Contains("cbor", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiException(415, "UnsupportedMediaType",
                $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (got {contentType.Split(';')[0]})");
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException e)
            {
                throw StatusBodies.BadRequest($"json: cannot unmarshal the request body: {e.Message}");
            }
        }

        try
        {
            return YamlToJson.Convert(text);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw StatusBodies.BadRequest($"error converting YAML to JSON: {e.Message}");
        }
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpContext context, CancellationToken cancellationToken) =>
        await ReadAsync(context, cancellationToken) as JsonObject
        ?? throw StatusBodies.BadRequest("Object 'Kind' is missing in the request body");
}
