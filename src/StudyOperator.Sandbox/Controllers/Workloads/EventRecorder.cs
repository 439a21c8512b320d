using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using StudyOperator.Sandbox.Api;
using StudyOperator.Sandbox.Registry;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Controllers.Workloads;

/// <summary>
/// client-go's legacy record.EventRecorder as kube-controller-manager uses it: one core/v1 Event per call, named
/// <c>&lt;object&gt;.&lt;hex nanoseconds&gt;</c>, with the involved object's reference and the controller as source.
/// Like the real recorder it is best effort: a refused write (e.g. a terminating namespace) drops the event.
/// </summary>
internal sealed class EventRecorder(ResourceService service, ILogger logger)
{
    private readonly ResourceType events = service.Registry.Get("", "v1", "events");
    private long lastNanos;

    public void Normal(JsonObject involved, string apiVersion, string kind, string component, string reason, string message) =>
        Record(involved, apiVersion, kind, component, "Normal", reason, message);

    public void Warning(JsonObject involved, string apiVersion, string kind, string component, string reason, string message) =>
        Record(involved, apiVersion, kind, component, "Warning", reason, message);

    private void Record(JsonObject involved, string apiVersion, string kind, string component, string type, string reason, string message)
    {
        var now = service.Time.GetUtcNow();
        var nanos = (now - DateTimeOffset.UnixEpoch).Ticks * 100;
        lastNanos = nanos > lastNanos ? nanos : lastNanos + 1;
        var time = Pods.Format(now);
        var ev = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{involved.Name()}.{lastNanos.ToString("x", CultureInfo.InvariantCulture)}",
                ["namespace"] = involved.Ns(),
            },
            ["involvedObject"] = new JsonObject
            {
                ["kind"] = kind,
                ["namespace"] = involved.Ns(),
                ["name"] = involved.Name(),
                ["uid"] = involved.Uid(),
                ["apiVersion"] = apiVersion,
                ["resourceVersion"] = involved.Str("metadata", "resourceVersion"),
            },
            ["reason"] = reason,
            ["message"] = message,
            ["source"] = new JsonObject { ["component"] = component },
            ["firstTimestamp"] = time,
            ["lastTimestamp"] = time,
            ["count"] = 1,
            ["type"] = type,
            ["eventTime"] = null,
            ["reportingComponent"] = component,
            ["reportingInstance"] = "",
        };
        try
        {
            service.Create(events, involved.Ns(), ev, WriteOptions.Internal);
        }
        catch (ApiException e)
        {
            var ns = involved.Ns();
            var name = involved.Name();
            Log.EventDropped(logger, reason, ns, name, e.Message);
        }
    }
}
