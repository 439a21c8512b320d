using System.Text.Json.Nodes;

namespace StudyOperator.Sandbox.Strategies;

/// <summary>The defaults of k8s.io/kubernetes pkg/apis/core/v1/defaults.go that clients diff against.</summary>
internal static class PodDefaults
{
    public static void ApplyToSpec(JsonObject spec)
    {
        Set(spec, "restartPolicy", "Always");
        Set(spec, "dnsPolicy", "ClusterFirst");
        Set(spec, "terminationGracePeriodSeconds", 30);
        Set(spec, "schedulerName", "default-scheduler");
        Set(spec, "securityContext", new JsonObject());
        foreach (var list in new[] { "containers", "initContainers" })
        {
            if (spec[list] is not JsonArray containers)
            {
                continue;
            }

            foreach (var c in containers.OfType<JsonObject>())
            {
                Set(c, "terminationMessagePath", "/dev/termination-log");
                Set(c, "terminationMessagePolicy", "File");
                Set(c, "resources", new JsonObject());
                if (c["imagePullPolicy"] is null)
                {
                    var image = c["image"]?.GetValue<string>() ?? "";
                    var lastSegment = image[(image.LastIndexOf('/') + 1)..];
                    c["imagePullPolicy"] = !lastSegment.Contains(':', StringComparison.Ordinal) || image.EndsWith(":latest", StringComparison.Ordinal) ? "Always" : "IfNotPresent";
                }

                if (c["ports"] is JsonArray ports)
                {
                    foreach (var p in ports.OfType<JsonObject>())
                    {
                        Set(p, "protocol", "TCP");
                    }
                }

                foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
                {
                    if (c[probe] is JsonObject pr)
                    {
                        Set(pr, "timeoutSeconds", 1);
                        Set(pr, "periodSeconds", 10);
                        Set(pr, "successThreshold", 1);
                        Set(pr, "failureThreshold", 3);
                        if (pr["httpGet"] is JsonObject http)
                        {
                            Set(http, "path", "/");
                            Set(http, "scheme", "HTTP");
                        }
                    }
                }
            }
        }
    }

    public static void ApplyToTemplate(JsonObject owner)
    {
        if (owner["spec"] is JsonObject spec && spec["template"] is JsonObject template)
        {
            if (template["spec"] is JsonObject podSpec)
            {
                ApplyToSpec(podSpec);
            }

            if (template["metadata"] is null)
            {
                template["metadata"] = new JsonObject();
            }
        }
    }

    private static void Set(JsonObject o, string key, JsonNode value)
    {
        if (o[key] is null)
        {
            o[key] = value;
        }
    }
}
