using k8s.Models;

namespace StudyOperator.Reconciliation;

/// <summary>
/// Sets conditions the way Kubernetes API conventions ask: one entry per type, and
/// lastTransitionTime changes only when the status actually flips.
/// </summary>
internal static class ConditionSet
{
    public static IList<V1Condition> Set(IList<V1Condition>? existing, V1Condition next)
    {
        var result = existing?.Where(c => c.Type != next.Type).ToList() ?? [];
        var previous = existing?.FirstOrDefault(c => c.Type == next.Type);
        result.Add(new V1Condition
        {
            Type = next.Type,
            Status = next.Status,
            Reason = next.Reason,
            Message = next.Message,
            ObservedGeneration = next.ObservedGeneration,
            LastTransitionTime = previous is not null && previous.Status == next.Status
                ? previous.LastTransitionTime
                : next.LastTransitionTime,
        });
        return [.. result.OrderBy(c => Order(c.Type)).ThenBy(c => c.Type, StringComparer.Ordinal)];
    }

    public static V1Condition? Find(IEnumerable<V1Condition>? conditions, string type) =>
        conditions?.FirstOrDefault(c => c.Type == type);

    private static int Order(string type) => type switch
    {
        LabConditions.Ready => 0,
        LabConditions.Progressing => 1,
        LabConditions.Completed => 2,
        LabConditions.Degraded => 3,
        _ => 4,
    };
}
