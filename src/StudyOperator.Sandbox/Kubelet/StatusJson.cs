using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Node;

namespace StudyOperator.Sandbox.Kubelet;

/// <summary>core/v1 ContainerStatus and ContainerState as JSON, shaped as the kubelet writes them.</summary>
internal static class StatusJson
{
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A stable image id per image reference (no image is pulled, so there is no real digest).</summary>
    public static string ImageId(string image) =>
        $"{image.Split('@')[0]}@sha256:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(image)))}";

    public static JsonObject Container(ContainerStatus status, string image)
    {
        var json = new JsonObject
        {
            ["name"] = status.Name,
            ["state"] = State(status.State),
            ["lastState"] = status.LastState is { } last ? State(last) : new JsonObject(),
            ["ready"] = status.Ready,
            ["restartCount"] = status.RestartCount,
            ["image"] = image,
            ["imageID"] = status.ContainerId is null && status.RestartCount == 0 ? "" : ImageId(image),
        };
        if (status.ContainerId is { } id)
        {
            json["containerID"] = id;
        }

        json["started"] = status.Started;
        return json;
    }

    public static JsonObject State(ContainerState state) => state switch
    {
        ContainerStateRunning r => new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Time(r.StartedAt) } },
        ContainerStateWaiting w => new JsonObject { ["waiting"] = w.Message is null ? new JsonObject { ["reason"] = w.Reason } : new JsonObject { ["reason"] = w.Reason, ["message"] = w.Message } },
        ContainerStateTerminated t => new JsonObject { ["terminated"] = Terminated(t) },
        _ => new JsonObject(),
    };

    private static JsonObject Terminated(ContainerStateTerminated t)
    {
        var json = new JsonObject { ["exitCode"] = t.ExitCode, ["reason"] = t.Reason };
        if (t.Message is { Length: > 0 } message)
        {
            json["message"] = message;
        }

        json["startedAt"] = Time(t.StartedAt);
        json["finishedAt"] = Time(t.FinishedAt);
        if (t.ContainerId is { } id)
        {
            json["containerID"] = id;
        }

        return json;
    }
}
