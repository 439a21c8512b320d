using k8s.Models;
using StudyOperator.Reconciliation;

namespace StudyOperator.Tests.Reconciliation;

public sealed class ConditionSetTests
{
    private static readonly DateTime T0 = new(2026, 11, 1, 10, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime T1 = T0.AddMinutes(5);

    private static V1Condition Condition(string type, string status, DateTime at, string reason = "Because") =>
        new() { Type = type, Status = status, Reason = reason, Message = "m", LastTransitionTime = at, ObservedGeneration = 1 };

    [Fact]
    public void Same_status_keeps_the_transition_time_but_takes_the_new_reason()
    {
        var conditions = ConditionSet.Set(null, Condition(LabConditions.Ready, "False", T0));
        conditions = ConditionSet.Set(conditions, Condition(LabConditions.Ready, "False", T1, "StillWaiting"));
        var ready = Assert.Single(conditions);
        Assert.Equal(T0, ready.LastTransitionTime);
        Assert.Equal("StillWaiting", ready.Reason);
    }

    [Fact]
    public void A_flip_moves_the_transition_time()
    {
        var conditions = ConditionSet.Set(null, Condition(LabConditions.Ready, "False", T0));
        conditions = ConditionSet.Set(conditions, Condition(LabConditions.Ready, "True", T1));
        Assert.Equal(T1, Assert.Single(conditions).LastTransitionTime);
    }

    [Fact]
    public void One_entry_per_type_in_a_stable_order()
    {
        var conditions = ConditionSet.Set(null, Condition(LabConditions.Degraded, "False", T0));
        conditions = ConditionSet.Set(conditions, Condition(LabConditions.Ready, "True", T0));
        conditions = ConditionSet.Set(conditions, Condition(LabConditions.Ready, "True", T1));
        Assert.Equal([LabConditions.Ready, LabConditions.Degraded], conditions.Select(c => c.Type));
    }
}
