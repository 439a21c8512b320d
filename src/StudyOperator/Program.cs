using System.CommandLine;
using StudyOperator.Manifests;

var root = new RootCommand("StudyOperator: a Kubernetes operator that turns textbook operations ideas into measured lab experiments.");
root.Subcommands.Add(CrdCommand.Create());
return root.Parse(args).Invoke();
