using System.CommandLine;
using StudyOperator.Manifests;
using StudyOperator.Operator;

var root = new RootCommand("StudyOperator: a Kubernetes operator that turns textbook operations ideas into measured lab experiments. Without a subcommand it runs the operator.");
OperatorCommand.Configure(root);
root.Subcommands.Add(CrdCommand.Create());
return await root.Parse(args).InvokeAsync();
