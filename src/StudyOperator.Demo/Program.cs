using StudyOperator.Demo;

// `make demo`: the sample labs on a cluster, with a report of what they measured.
return await DemoRunner.RunAsync(DemoSettings.From(args, Environment.GetEnvironmentVariable), CancellationToken.None);
