using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Registry;

namespace StudyOperator.Sandbox.Api;

/// <summary>Builds <c>Status</c> objects with the exact reasons and messages of apimachinery's errors.go.</summary>
internal static class StatusBodies
{
    public static JsonObject Failure(int code, string reason, string message, JsonObject? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null)
        {
            status["details"] = details;
        }

        status["code"] = code;
        return status;
    }

    public static JsonObject Success(string name, string group, string kind, string? uid)
    {
        var details = new JsonObject { ["name"] = name, ["group"] = group, ["kind"] = kind };
        if (uid is not null)
        {
            details["uid"] = uid;
        }

        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        };
    }

    private static JsonObject Details(string name, string group, string kind) =>
        new() { ["name"] = name, ["group"] = group, ["kind"] = kind };

    public static ApiException NotFound(string group, string resource, string name) =>
        new(404, "NotFound", $"{Qualified(resource, group)} \"{name}\" not found", Details(name, group, resource));

    public static ApiException NotFound(ResourceType type, string name) => NotFound(type.Group, type.Plural, name);

    public static ApiException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{Qualified(type.Plural, type.Group)} \"{name}\" already exists", Details(name, type.Group, type.Plural));

    public static ApiException Conflict(ResourceType type, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {Qualified(type.Plural, type.Group)} \"{name}\": {why}", Details(name, type.Group, type.Plural));

    public static ApiException Modified(ResourceType type, string name) =>
        Conflict(type, name, "the object has been modified; please apply your changes to the latest version and try again");

    public static ApiException Forbidden(ResourceType type, string name, string why) =>
        new(403, "Forbidden", $"{Qualified(type.Plural, type.Group)} \"{name}\" is forbidden: {why}", Details(name, type.Group, type.Plural));

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException MethodNotAllowed(string verb, string resource) =>
        new(405, "MethodNotAllowed", $"{verb} is not supported on resources of kind \"{resource}\"", new JsonObject());

    public static ApiException Gone(string message) => new(410, "Expired", message);

    /// <summary>422 Invalid: <c>Kind.group "name" is invalid: field: body</c>, one cause per field error.</summary>
    public static ApiException Invalid(string kind, string group, string name, IReadOnlyList<FieldError> errors)
    {
        var causes = new JsonArray();
        foreach (var error in errors)
        {
            causes.Add(new JsonObject { ["reason"] = error.Reason, ["message"] = error.Message, ["field"] = error.Field });
        }

        var texts = errors.Select(e => string.IsNullOrEmpty(e.Field) ? e.Message : $"{e.Field}: {e.Message}").ToList();
        var aggregate = texts.Count == 1 ? texts[0] : $"[{string.Join(", ", texts)}]";
        var details = new JsonObject { ["name"] = name, ["group"] = group, ["kind"] = kind, ["causes"] = causes };
        return new ApiException(422, "Invalid", $"{Qualified(kind, group)} \"{name}\" is invalid: {aggregate}", details);
    }

    public static ApiException Invalid(ResourceType type, string name, IReadOnlyList<FieldError> errors) =>
        Invalid(type.Kind, type.Group, name, errors);

    public static string Qualified(string resourceOrKind, string group) =>
        group.Length == 0 ? resourceOrKind : $"{resourceOrKind}.{group}";
}
