using StudyOperator.Yaml;

namespace StudyOperator.Tests.Manifests;

/// <summary>The operator's RBAC as the two install paths define it, read at test time so the tests follow any change.</summary>
internal static class OperatorRbac
{
    /// <summary>The namespace `make deploy` installs into and config/ is rendered for: the Lease's namespace.</summary>
    public const string Namespace = "study-system";

    public const string Chart = "chart";
    public const string Config = "config";

    public static RbacPolicy Load(string source) => source switch
    {
        Chart => RbacPolicy.ForOperator(RenderChart()),
        Config => RbacPolicy.ForOperator([.. Read("rbac", "rbac.yaml"), .. Read("rbac", "serviceaccount.yaml"), .. Read("manager", "deployment.yaml")]),
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "chart or config"),
    };

    /// <summary>`helm template` of the chart as `make deploy` installs it (release study-operator in study-system).</summary>
    private static IReadOnlyList<System.Text.Json.Nodes.JsonNode> RenderChart()
    {
        var (code, output, error) = Helm.Run("template", "study-operator", "charts/study-operator", "--namespace", Namespace);
        Assert.True(code == 0, error);
        return YamlDocuments.Parse(output);
    }

    private static IReadOnlyList<System.Text.Json.Nodes.JsonNode> Read(string folder, string file) =>
        YamlDocuments.Parse(File.ReadAllText(RepositoryRoot.File("config", folder, file)), $"config/{folder}/{file}");
}
