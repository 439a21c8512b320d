using System.CommandLine;
using System.CommandLine.Invocation;
using StudyOperator.Manifests;
using StudyOperator.Operator;

namespace StudyOperator.Cli;

/// <summary>The command line of the single `study-operator` executable: one subcommand per role.</summary>
internal static class StudyOperatorCommand
{
    public static RootCommand Create(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var root = new RootCommand("StudyOperator: a Kubernetes operator that turns textbook operations ideas into measured lab experiments. Without a subcommand it runs the operator.");

        // The operator is the default role (the root's own options and action); the other roles are subcommands.
        OperatorCommand.Configure(root);
        root.Subcommands.Add(AppCommand.Create(environment));
        root.Subcommands.Add(ProbeCommand.Create(environment));
        root.Subcommands.Add(CrdCommand.Create());
        return root;
    }

    /// <summary>Parses and runs; returns the process exit code (1 on bad input).</summary>
    public static Task<int> InvokeAsync(
        string[] args,
        Func<string, string?>? environment = null,
        TextWriter? output = null,
        TextWriter? error = null,
        CancellationToken cancellationToken = default)
    {
        var parse = Create(environment).Parse(args);
        // Bad input is one clear line on stderr; the full help is one --help away.
        if (parse.Action is ParseErrorAction parseError)
            parseError.ShowHelp = false;

        var configuration = new InvocationConfiguration
        {
            // Each role handles SIGTERM itself: the app drains for a while before exiting 0, which the
            // default two-second termination timeout of System.CommandLine would cut short.
            ProcessTerminationTimeout = null,
        };
        if (output is not null)
            configuration.Output = output;
        if (error is not null)
            configuration.Error = error;
        return parse.InvokeAsync(configuration, cancellationToken);
    }
}
