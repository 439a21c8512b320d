using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Strategies;

/// <summary>core/v1 Events (apis/core/validation/events.go: lenient unless eventTime is set).</summary>
internal class EventStrategy : ResourceStrategy
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Last Seen", "string", "", "Time when last this event was observed", 0,
            (o, now) => Durations.Since(o.Str("lastTimestamp") ?? o.Str("series", "lastObservedTime") ?? o.Str("eventTime") ?? o.Str("metadata", "creationTimestamp"), now)),
        TableColumn.Text("Type", o => o.Str("type"), description: "Type of this event (Normal, Warning), new types could be added in the future."),
        TableColumn.Text("Reason", o => o.Str("reason"), description: "A short, machine understandable string that gives the reason for the transition into the object's current status."),
        TableColumn.Text("Object", o => $"{o.Str("involvedObject", "kind")?.ToLowerInvariant()}/{o.Str("involvedObject", "name")}", description: "The object that this event is about."),
        TableColumn.Text("Message", o => o.Str("message"), description: "A human-readable description of the status of this operation."),
        TableColumn.Text("Name", o => o.Name(), 1, "Name must be unique within a namespace."),
    ];

    public override string? FieldValue(JsonObject obj, string field) => field switch
    {
        "involvedObject.kind" => obj.Str("involvedObject", "kind") ?? "",
        "involvedObject.namespace" => obj.Str("involvedObject", "namespace") ?? "",
        "involvedObject.name" => obj.Str("involvedObject", "name") ?? "",
        "involvedObject.uid" => obj.Str("involvedObject", "uid") ?? "",
        "involvedObject.apiVersion" => obj.Str("involvedObject", "apiVersion") ?? "",
        "involvedObject.resourceVersion" => obj.Str("involvedObject", "resourceVersion") ?? "",
        "involvedObject.fieldPath" => obj.Str("involvedObject", "fieldPath") ?? "",
        "reason" => obj.Str("reason") ?? "",
        "reportingComponent" => obj.Str("reportingComponent") ?? "",
        "source" => obj.Str("source", "component") ?? "",
        "type" => obj.Str("type") ?? "",
        _ => base.FieldValue(obj, field),
    };

    public override List<FieldError> Validate(JsonObject obj, JsonObject? old)
    {
        var errors = base.Validate(obj, old);
        LegacyValidate(obj, errors, "reportingComponent");
        return errors;
    }

    protected static void LegacyValidate(JsonObject ev, List<FieldError> errors, string controllerField)
    {
        var ns = ev.Ns();
        var involvedNs = ev.Str("involvedObject", "namespace") ?? "";
        if (ev["eventTime"] is null)
        {
            if (involvedNs.Length == 0 ? ns is not ("" or "default") : ns != involvedNs)
            {
                errors.Add(FieldError.Invalid("involvedObject.namespace", Quote(involvedNs), "does not match event.namespace"));
            }

            return;
        }

        if (involvedNs.Length == 0 && ns is not ("default" or "kube-system"))
        {
            errors.Add(FieldError.Invalid("involvedObject.namespace", Quote(involvedNs), "does not match event.namespace"));
        }

        if (string.IsNullOrEmpty(ev.Str("reportingComponent")))
        {
            errors.Add(FieldError.Required(controllerField));
        }

        if (string.IsNullOrEmpty(ev.Str("reportingInstance")))
        {
            errors.Add(FieldError.Required("reportingInstance"));
        }

        if (string.IsNullOrEmpty(ev.Str("action")))
        {
            errors.Add(FieldError.Required("action"));
        }

        if (string.IsNullOrEmpty(ev.Str("reason")))
        {
            errors.Add(FieldError.Required("reason"));
        }
    }
}
