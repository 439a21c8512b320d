using System.CommandLine;

var root = new RootCommand("StudyOperator: a Kubernetes operator that turns textbook operations ideas into measured lab experiments.");
return root.Parse(args).Invoke();
