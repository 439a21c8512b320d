using System.CommandLine;
using StudyOperator.Yaml;

namespace StudyOperator.Manifests;

/// <summary><c>study-operator crd</c>: prints the StudyLab CRD generated from the API types.</summary>
internal static class CrdCommand
{
    public static Command Create()
    {
        var output = new Option<FileInfo?>("--output", "-o")
        {
            Description = "Write the CRD to this file instead of standard output.",
        };
        var command = new Command("crd", "Print the StudyLab CustomResourceDefinition generated from the operator's API types (apply it with `kubectl apply -f -`).")
        {
            output,
        };
        command.SetAction(parse =>
        {
            var yaml = YamlWriter.Write(CrdGenerator.Generate());
            if (parse.GetValue(output) is { } file)
            {
                File.WriteAllText(file.FullName, yaml);
            }
            else
            {
                parse.InvocationConfiguration.Output.Write(yaml);
            }
        });
        return command;
    }
}
