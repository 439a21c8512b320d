namespace StudyOperator.Tests.Manifests;

/// <summary>Finds files of the repository the tests were built from (the folder holding StudyOperator.sln).</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "StudyOperator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No StudyOperator.sln above {AppContext.BaseDirectory}.");
    }
}
