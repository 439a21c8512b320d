using StudyOperator.Benchmarks;

// Whole-process benchmarks; each prints a Markdown table row for docs/benchmarks.md.
// Usage: dotnet run -c Release --project bench/StudyOperator.Benchmarks -- [sandbox|workloads|kubelet|operator [labs [executable]]|accuracy]
// operator's executable: a published study-operator (e.g. the Native AOT one from `make publish-aot`); default: this build's study-operator.dll.
var which = args.Length > 0 ? args[0] : "sandbox";
Console.WriteLine($"| benchmark | result | target | machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd} |");
Console.WriteLine("| --- | --- | --- | --- |");
switch (which)
{
    case "sandbox":
        await SandboxApiBenchmark.RunAsync();
        return 0;
    case "workloads":
        return await WorkloadsBenchmark.RunAsync() ? 0 : 1;
    case "operator":
        await OperatorScaleBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000, args.Length > 2 ? args[2] : null);
        return 0;
    case "accuracy":
        await RecoveryAccuracyBenchmark.RunAsync();
        return 0;
    case "kubelet":
        await KubeletBenchmark.RunAsync();
        return 0;
    default:
        Console.Error.WriteLine($"unknown benchmark \"{which}\"; known: sandbox, workloads, kubelet, operator, accuracy");
        return 2;
}
