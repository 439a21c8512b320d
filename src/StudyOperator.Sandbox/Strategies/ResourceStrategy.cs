using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Strategies;

/// <summary>
/// Kind-specific behaviour on top of the generic store (as the apiserver's RESTCreateStrategy/RESTUpdateStrategy):
/// defaulting, validation, generation, status handling, field selectors and table columns.
/// </summary>
internal partial class ResourceStrategy
{
    public static ResourceStrategy Generic { get; } = new();

    /// <summary>Sets <c>metadata.generation</c> to 1 on create and bumps it on spec changes.</summary>
    public virtual bool TracksGeneration => false;

    /// <summary>Whether a PUT without resourceVersion is accepted (false for custom resources).</summary>
    public virtual bool AllowUnconditionalUpdate => true;

    /// <summary>Pods answer a delete with the object rather than a Status.</summary>
    public virtual bool ReturnDeletedObject => false;

    /// <summary>Names must be DNS-1035 labels (services) rather than DNS-1123 subdomains.</summary>
    protected virtual bool NamesAreDns1035Labels => false;

    public virtual IReadOnlyList<TableColumn> Columns { get; } = [TableColumn.NameColumn, TableColumn.CreatedAt];

    /// <summary>Defaults and resets applied to a new object (status is dropped when the kind has a status subresource).</summary>
    public virtual void PrepareForCreate(JsonObject obj, bool hasStatus)
    {
        if (hasStatus)
        {
            obj.Remove("status");
        }
    }

    /// <summary>Defaults applied on every write of the main resource.</summary>
    public virtual void Default(JsonObject obj)
    {
    }

    /// <summary>Main-resource update: status is owned by <c>/status</c> when the kind has that subresource.</summary>
    public virtual void PrepareForUpdate(JsonObject updated, JsonObject old, bool hasStatus)
    {
        if (hasStatus)
        {
            updated.Remove("status");
            if (old["status"] is { } status)
            {
                updated["status"] = status.DeepClone();
            }
        }
    }

    /// <summary><c>/status</c> update: everything but status comes from the stored object.</summary>
    public virtual JsonObject PrepareForStatusUpdate(JsonObject updated, JsonObject old)
    {
        var result = old.CloneObject();
        result.Remove("status");
        if (updated["status"] is { } status)
        {
            result["status"] = status.DeepClone();
        }

        result.Meta()["resourceVersion"] = updated.Str("metadata", "resourceVersion");
        return result;
    }

    /// <summary>Whether the change bumps <c>metadata.generation</c>: anything outside metadata and status by default.</summary>
    public virtual bool GenerationChanged(JsonObject updated, JsonObject old)
    {
        foreach (var (key, value) in updated)
        {
            if (key is "metadata" or "status" or "kind" or "apiVersion")
            {
                continue;
            }

            if (!JsonNode.DeepEquals(value, old[key]))
            {
                return true;
            }
        }

        foreach (var (key, _) in old)
        {
            if (key is not ("metadata" or "status" or "kind" or "apiVersion") && !updated.ContainsKey(key))
            {
                return true;
            }
        }

        return false;
    }

    public virtual List<FieldError> Validate(JsonObject obj, JsonObject? old)
    {
        var errors = new List<FieldError>();
        ValidateMetadata(obj, errors);
        return errors;
    }

    public virtual List<FieldError> ValidateStatus(JsonObject obj, JsonObject old) => [];

    /// <summary>Checks only made on create, on the object as the client sent it (before conversion to storage).</summary>
    public virtual List<FieldError> ValidateCreate(JsonObject served) => [];

    /// <summary>Converts the served representation to the stored one (identity except for shared storage).</summary>
    public virtual JsonObject ToStorage(JsonObject served) => served;

    /// <summary>Converts the stored representation to the served one.</summary>
    public virtual JsonObject FromStorage(JsonObject stored) => stored;

    /// <summary>The value of a field-selector field, or null when the kind does not support the field.</summary>
    public virtual string? FieldValue(JsonObject obj, string field) => field switch
    {
        "metadata.name" => obj.Name(),
        "metadata.namespace" => obj.Ns(),
        _ => null,
    };

    /// <summary>Seconds to wait before a delete completes (pods); null or 0 deletes at once.</summary>
    public virtual long? GracePeriodSeconds(JsonObject obj, long? requested) => null;

    protected void ValidateMetadata(JsonObject obj, List<FieldError> errors)
    {
        var name = obj.Name();
        if (name.Length > 0)
        {
            if (NamesAreDns1035Labels)
            {
                if (!Dns1035().IsMatch(name) || name.Length > 63)
                {
                    errors.Add(FieldError.Invalid("metadata.name", Quote(name),
                        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"));
                }
            }
            else if (name.Length > 253 || !Dns1123Subdomain().IsMatch(name))
            {
                errors.Add(FieldError.Invalid("metadata.name", Quote(name),
                    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
            }
        }

        if (obj.Labels() is { } labels)
        {
            foreach (var (key, value) in labels)
            {
                var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
                if (text is null)
                {
                    errors.Add(FieldError.Invalid($"metadata.labels", Quote(key), "label values must be strings"));
                    continue;
                }

                if (text.Length > 63)
                {
                    errors.Add(FieldError.Invalid("metadata.labels", Quote(text), "must be no more than 63 characters"));
                }
                else if (text.Length > 0 && !LabelValue().IsMatch(text))
                {
                    errors.Add(FieldError.Invalid("metadata.labels", Quote(text),
                        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
                }
            }
        }

        if (obj.At("metadata", "ownerReferences") is JsonArray refs && refs.OfType<JsonObject>().Count(r => r["controller"] is JsonValue c && c.TryGetValue<bool>(out var b) && b) > 1)
        {
            errors.Add(FieldError.Invalid("metadata.ownerReferences", "[]", "Only one reference can have Controller set to true."));
        }
    }

    protected static string Quote(string s) => "\"" + s + "\"";

    protected static JsonObject Obj(JsonObject parent, string key)
    {
        if (parent[key] is JsonObject o)
        {
            return o;
        }

        o = [];
        parent[key] = o;
        return o;
    }

    protected static void SetDefault(JsonObject obj, string key, JsonNode value)
    {
        if (obj[key] is null)
        {
            obj[key] = value;
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}
