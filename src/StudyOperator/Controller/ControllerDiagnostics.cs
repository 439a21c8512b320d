using System.Diagnostics;

namespace StudyOperator.Controller;

/// <summary>The ActivitySource for reconcile spans; OpenTelemetry subscribes to it by <see cref="SourceName"/>.</summary>
internal static class ControllerDiagnostics
{
    public const string SourceName = "StudyOperator.Controller";

    public static readonly ActivitySource Source = new(SourceName);
}
