namespace StudyOperator.Labs;

/// <summary>Converts the engine's unix milliseconds to the whole-second times metav1.Time can hold.</summary>
internal static class LabTime
{
    public static DateTime Seconds(long unixMs) =>
        DateTimeOffset.FromUnixTimeSeconds(Math.DivRem(unixMs, 1000).Quotient).UtcDateTime;
}
