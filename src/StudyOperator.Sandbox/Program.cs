using System.CommandLine;

var root = new RootCommand("StudyOperator sandbox: a local Kubernetes-compatible test cluster on 127.0.0.1.");
return root.Parse(args).Invoke();
