namespace StudyOperator.Reconciliation;

/// <summary>Condition types and CamelCase reasons a StudyLab reports (metav1.Condition).</summary>
internal static class LabConditions
{
    public const string Ready = "Ready";
    public const string Progressing = "Progressing";
    public const string Completed = "Completed";
    public const string Degraded = "Degraded";

    /// <summary>Reasons, one per situation, so tools can switch on them.</summary>
    public static class Reasons
    {
        public const string WorkloadReady = "WorkloadReady";
        public const string WorkloadNotReady = "WorkloadNotReady";
        public const string WorkloadPending = "WorkloadPending";
        public const string RollingOut = "RollingOut";
        public const string StepsRunning = "StepsRunning";
        public const string AllStepsSucceeded = "AllStepsSucceeded";
        public const string StepFailed = "StepFailed";
        public const string NotStarted = "NotStarted";
        public const string InvalidSpec = "InvalidSpec";
        public const string AsExpected = "AsExpected";
    }
}
