using StudyOperator.Cli;

return await StudyOperatorCommand.InvokeAsync(args);
