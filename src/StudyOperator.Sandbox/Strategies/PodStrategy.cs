using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Strategies;

internal sealed class PodStrategy : ResourceStrategy
{
    public override bool ReturnDeletedObject => true;

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        TableColumn.Text("Ready", o =>
        {
            var total = o.At("spec", "containers") is JsonArray c ? c.Count : 0;
            var ready = o.At("status", "containerStatuses") is JsonArray s ? s.Count(x => x.At("ready") is JsonValue v && v.TryGetValue<bool>(out var vb) && vb) : 0;
            return $"{ready}/{total}";
        }, description: "The aggregate readiness state of this pod for accepting traffic."),
        TableColumn.Text("Status", PodStatusText, description: "The aggregate status of the containers in this pod."),
        TableColumn.Text("Restarts", o => (o.At("status", "containerStatuses") is JsonArray s ? s.Sum(x => x.At("restartCount").Long() ?? 0) : 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
            description: "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        TableColumn.Age,
        TableColumn.Text("IP", o => o.Str("status", "podIP") ?? "<none>", 1, "IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated."),
        TableColumn.Text("Node", o => o.Str("spec", "nodeName") ?? "<none>", 1, "Name of the Node this pod is scheduled to."),
        TableColumn.Text("Nominated Node", o => o.Str("status", "nominatedNodeName") ?? "<none>", 1, "Name of the node nominated to run this pod."),
        TableColumn.Text("Readiness Gates", _ => "<none>", 1, "Gates reporting readiness."),
    ];

    public override void PrepareForCreate(JsonObject obj, bool hasStatus)
    {
        obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = "BestEffort" };
    }

    public override void Default(JsonObject obj)
    {
        if (obj["spec"] is JsonObject spec)
        {
            PodDefaults.ApplyToSpec(spec);
            if (spec["serviceAccountName"] is null)
            {
                spec["serviceAccountName"] = "default";
            }

            if (spec["enableServiceLinks"] is null)
            {
                spec["enableServiceLinks"] = true;
            }

            if (spec["priority"] is null)
            {
                spec["priority"] = 0;
            }
        }
    }

    public override string? FieldValue(JsonObject obj, string field) => field switch
    {
        "spec.nodeName" => obj.Str("spec", "nodeName") ?? "",
        "spec.restartPolicy" => obj.Str("spec", "restartPolicy") ?? "",
        "spec.schedulerName" => obj.Str("spec", "schedulerName") ?? "",
        "spec.serviceAccountName" => obj.Str("spec", "serviceAccountName") ?? "",
        "status.phase" => obj.Str("status", "phase") ?? "",
        "status.podIP" => obj.Str("status", "podIP") ?? "",
        "status.nominatedNodeName" => obj.Str("status", "nominatedNodeName") ?? "",
        _ => base.FieldValue(obj, field),
    };

    /// <summary>As the pod strategy's CheckGracefulDelete: unscheduled or finished pods go at once.</summary>
    public override long? GracePeriodSeconds(JsonObject obj, long? requested)
    {
        var phase = obj.Str("status", "phase");
        if (string.IsNullOrEmpty(obj.Str("spec", "nodeName")) || phase is "Succeeded" or "Failed")
        {
            return 0;
        }

        return requested ?? obj.At("spec", "terminationGracePeriodSeconds").Long() ?? 30;
    }

    private static string PodStatusText(JsonObject o)
    {
        if (o.IsTerminating())
        {
            return "Terminating";
        }

        var reason = o.Str("status", "reason");
        if (reason is not null)
        {
            return reason;
        }

        if (o.At("status", "containerStatuses") is JsonArray statuses)
        {
            foreach (var s in statuses.OfType<JsonObject>())
            {
                if (s.Str("state", "waiting", "reason") is { } waiting && waiting != "ContainerCreating")
                {
                    return waiting;
                }

                if (s.Str("state", "terminated", "reason") is { } terminated && o.Str("status", "phase") != "Running")
                {
                    return terminated;
                }
            }
        }

        return o.Str("status", "phase") ?? "Pending";
    }
}
