using StudyOperator.Cli;
using StudyOperator.Kube;

GeneratedJson.UseWithKubernetesClient();
return await StudyOperatorCommand.InvokeAsync(args);
