using StudyOperator.Api.V1Alpha1;

namespace StudyOperator.Workload;

/// <summary>Names of the objects a lab owns, derived from the lab's name (bounded by the CRD to 50 characters).</summary>
internal static class LabNames
{
    public static string Deployment(V1Alpha1StudyLab lab) => $"{lab.Metadata.Name}-app";

    public static string Service(V1Alpha1StudyLab lab) => lab.Metadata.Name;

    public const string AppContainer = "app";

    public const string HttpPortName = "http";

    public const int HttpPort = 8080;
}
