namespace StudyOperator.Api.V1Alpha1;

/// <summary>Names of the StudyLab API: group, version, kind and resource names as the CRD declares them.</summary>
public static class StudyLabGroup
{
    public const string Group = "labs.study.dev";
    public const string Version = "v1alpha1";
    public const string ApiVersion = Group + "/" + Version;
    public const string Kind = "StudyLab";
    public const string ListKind = "StudyLabList";
    public const string Plural = "studylabs";
    public const string Singular = "studylab";
    public const string ShortName = "sl";
    public const string Category = "study";
}
