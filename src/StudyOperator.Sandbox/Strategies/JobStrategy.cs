using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Strategies;

internal sealed class JobStrategy : ResourceStrategy
{
    public override bool TracksGeneration => true;

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        TableColumn.Text("Status", JobStatus, description: "Status of the job."),
        TableColumn.Text("Completions", o => $"{o.At("status", "succeeded").Long() ?? 0}/{o.At("spec", "completions").Long() ?? 1}", description: "The desired number of successfully finished pods the job should be run with."),
        TableColumn.Text("Duration", o => o.Str("status", "startTime") is { } start && o.Str("status", "completionTime") is { } end
            ? Durations.Human(DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture)) : "", description: "Time required to complete the job."),
        TableColumn.Age,
        TableColumn.Text("Containers", o => DeploymentStrategy.ContainerList(o, "name"), 1, "Names of each container in the template."),
        TableColumn.Text("Images", o => DeploymentStrategy.ContainerList(o, "image"), 1, "Images referenced by each container in the template."),
        TableColumn.Text("Selector", o => DeploymentStrategy.SelectorText(o.At("spec", "selector") as JsonObject), 1, "Label selector for pods."),
    ];

    /// <summary>As the job strategy: the selector and pod labels carry the job's uid and name.</summary>
    public override void PrepareForCreate(JsonObject obj, bool hasStatus)
    {
        base.PrepareForCreate(obj, hasStatus);
        var spec = Obj(obj, "spec");
        if (spec.At("manualSelector") is JsonValue manual && manual.TryGetValue<bool>(out var manualb) && manualb)
        {
            return;
        }

        var uid = obj.Uid() ?? "";
        var name = obj.Name();
        spec["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["batch.kubernetes.io/controller-uid"] = uid } };
        var template = Obj(spec, "template");
        var labels = Obj(Obj(template, "metadata"), "labels");
        labels["batch.kubernetes.io/controller-uid"] = uid;
        labels["batch.kubernetes.io/job-name"] = name;
        labels["controller-uid"] = uid;
        labels["job-name"] = name;
    }

    public override void Default(JsonObject obj)
    {
        var spec = Obj(obj, "spec");
        // batch/v1 defaults.go: completions becomes 1 only when parallelism is unset too; parallelism without completions is a work queue.
        if (spec["completions"] is null && spec["parallelism"] is null)
        {
            spec["completions"] = 1;
        }

        SetDefault(spec, "parallelism", 1);
        SetDefault(spec, "backoffLimit", 6);
        SetDefault(spec, "completionMode", "NonIndexed");
        SetDefault(spec, "suspend", false);
        SetDefault(spec, "podReplacementPolicy", "TerminatingOrFailed");
        PodDefaults.ApplyToTemplate(obj);
    }

    public override List<FieldError> Validate(JsonObject obj, JsonObject? old)
    {
        var errors = base.Validate(obj, old);
        var policy = obj.Str("spec", "template", "spec", "restartPolicy");
        if (policy is not ("Never" or "OnFailure"))
        {
            errors.Add(new FieldError("FieldValueNotSupported", "spec.template.spec.restartPolicy", $"Unsupported value: \"{policy}\": supported values: \"OnFailure\", \"Never\""));
        }

        if (obj.At("spec", "template", "spec", "containers") is not JsonArray { Count: > 0 })
        {
            errors.Add(FieldError.Required("spec.template.spec.containers"));
        }

        return errors;
    }

    /// <summary>printers.go printJob: Complete, Failed, Terminating, Suspended, FailureTarget, SuccessCriteriaMet, else Running.</summary>
    private static string JobStatus(JsonObject o)
    {
        var holding = (o.At("status", "conditions") as JsonArray)?.OfType<JsonObject>().Where(c => c.Str("status") == "True").Select(c => c.Str("type")).ToHashSet() ?? [];
        if (holding.Contains("Complete"))
        {
            return "Complete";
        }

        if (holding.Contains("Failed"))
        {
            return "Failed";
        }

        if (o.IsTerminating())
        {
            return "Terminating";
        }

        foreach (var type in new[] { "Suspended", "FailureTarget", "SuccessCriteriaMet" })
        {
            if (holding.Contains(type))
            {
                return type;
            }
        }

        return "Running";
    }
}
