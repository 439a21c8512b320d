using StudyOperator.Api.V1Alpha1;
using StudyOperator.Cli;

StudyLabJson.UseWithKubernetesClient();
return await StudyOperatorCommand.InvokeAsync(args);
