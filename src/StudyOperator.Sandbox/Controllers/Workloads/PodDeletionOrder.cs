using System.Globalization;
using System.Text.Json.Nodes;
using StudyOperator.Sandbox.Storage;

namespace StudyOperator.Sandbox.Controllers.Workloads;

/// <summary>
/// controller.ActivePodsWithRanks.Less: the order in which a ReplicaSet deletes pods when it scales down, first to go
/// first. Unscheduled before scheduled; Pending before Unknown before Running; not ready before ready; lower
/// <c>controller.kubernetes.io/pod-deletion-cost</c> first; more related pods on the same node first; ready for less
/// time first and created more recently first, both compared in log2 buckets (LogarithmicScaleDown, on by default) with
/// uid as the tie-break; more container restarts first.
/// </summary>
internal sealed class PodDeletionOrder(IReadOnlyDictionary<string, int> ranks, DateTimeOffset now) : IComparer<JsonObject>
{
    private const string DeletionCost = "controller.kubernetes.io/pod-deletion-cost";

    public int Compare(JsonObject? x, JsonObject? y)
    {
        if (x is null || y is null)
        {
            return (x is null ? 0 : 1) - (y is null ? 0 : 1);
        }

        return Less(x, y) ? -1 : Less(y, x) ? 1 : 0;
    }

    private bool Less(JsonObject a, JsonObject b)
    {
        var nodeA = a.Str("spec", "nodeName") ?? "";
        var nodeB = b.Str("spec", "nodeName") ?? "";
        if ((nodeA.Length == 0) != (nodeB.Length == 0))
        {
            return nodeA.Length == 0;
        }

        var phaseA = PhaseRank(a);
        var phaseB = PhaseRank(b);
        if (phaseA != phaseB)
        {
            return phaseA < phaseB;
        }

        var readyA = Pods.IsReady(a);
        var readyB = Pods.IsReady(b);
        if (readyA != readyB)
        {
            return !readyA;
        }

        var costA = Cost(a);
        var costB = Cost(b);
        if (costA != costB)
        {
            return costA < costB;
        }

        var rankA = ranks.GetValueOrDefault(a.Uid() ?? "");
        var rankB = ranks.GetValueOrDefault(b.Uid() ?? "");
        if (rankA != rankB)
        {
            return rankA > rankB;
        }

        if (readyA && readyB)
        {
            var timeA = Pods.ReadyTime(a);
            var timeB = Pods.ReadyTime(b);
            if (timeA != timeB)
            {
                if (timeA is null || timeB is null)
                {
                    return timeA is null;
                }

                var diff = LogRank(timeA.Value) - LogRank(timeB.Value);
                return diff == 0 ? string.CompareOrdinal(a.Uid(), b.Uid()) < 0 : diff < 0;
            }
        }

        var restartsA = Pods.RestartCount(a);
        var restartsB = Pods.RestartCount(b);
        if (restartsA != restartsB)
        {
            return restartsA > restartsB;
        }

        var createdA = Pods.Time(a.Str("metadata", "creationTimestamp"));
        var createdB = Pods.Time(b.Str("metadata", "creationTimestamp"));
        if (createdA != createdB)
        {
            if (createdA is null || createdB is null)
            {
                return createdA is null;
            }

            var diff = LogRank(createdA.Value) - LogRank(createdB.Value);
            return diff == 0 ? string.CompareOrdinal(a.Uid(), b.Uid()) < 0 : diff < 0;
        }

        return false;
    }

    /// <summary>logarithmicRankDiff's per-pod part: floor(log2(nanoseconds since <paramref name="time"/>)), −1 when not in the past.</summary>
    private int LogRank(DateTimeOffset time)
    {
        var nanos = (now - time).Ticks * 100.0;
        return nanos > 0 ? (int)Math.Log2(nanos) : -1;
    }

    private static int PhaseRank(JsonObject pod) => pod.Str("status", "phase") switch
    {
        "Pending" => 0,
        "Unknown" => 1,
        "Running" => 2,
        _ => 0,
    };

    private static long Cost(JsonObject pod) =>
        pod.Str("metadata", "annotations", DeletionCost) is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var cost) ? cost : 0;
}
