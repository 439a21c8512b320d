using System.CommandLine;
using System.Globalization;
using StudyOperator.Sandbox;
using StudyOperator.Sandbox.Diagnostics;

var kubeconfig = new Option<FileInfo>("--kubeconfig") { Description = "Where to write a kubeconfig (context \"sandbox\") once the server is ready.", Required = true };
var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => 0 };
var errorRate = new Option<string[]>("--error-rate") { Description = "Injected error rate per verb, e.g. LIST=0.1 or *=0.05 (repeatable).", AllowMultipleArgumentsPerToken = true };
var errorCode = new Option<int>("--error-code") { Description = "Status of injected errors: 500 or 503.", DefaultValueFactory = _ => 500 };
var throttleRate = new Option<double>("--throttle-rate") { Description = "Share of requests answered 429 with Retry-After." };
var retryAfter = new Option<int>("--retry-after") { Description = "Retry-After seconds on 429/503.", DefaultValueFactory = _ => 1 };
var latency = new Option<int>("--latency-ms") { Description = "Latency added to every API request." };
var dropWatches = new Option<int>("--drop-watches-every") { Description = "End every watch stream after this many seconds." };
var expire = new Option<int>("--expire-rv-every") { Description = "Forget the watch window this often (seconds), so resuming watches get 410." };
var operatorExecutable = new Option<string?>("--operator-executable") { Description = "The study-operator build (executable or .dll) that pods of image study-operator run; default: found next to the sandbox or in src/StudyOperator/bin." };
var localImage = new Option<string[]>("--local-image") { Description = "Run pods of an image as local processes: NAME=COMMAND, e.g. python=python3 (repeatable).", AllowMultipleArgumentsPerToken = true };

var root = new RootCommand("StudyOperator sandbox: a local Kubernetes-compatible test cluster on 127.0.0.1.")
{
    kubeconfig, port, errorRate, errorCode, throttleRate, retryAfter, latency, dropWatches, expire, operatorExecutable, localImage,
};

root.SetAction(async (parse, cancellationToken) =>
{
    var rates = new Dictionary<string, double>(StringComparer.Ordinal);
    foreach (var entry in parse.GetValue(errorRate) ?? [])
    {
        var parts = entry.Split('=', 2);
        if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate))
        {
            await Console.Error.WriteLineAsync($"--error-rate expects VERB=RATE, got \"{entry}\"");
            return 2;
        }

        rates[parts[0].ToUpperInvariant()] = rate;
    }

    var images = new Dictionary<string, string>(StringComparer.Ordinal);
    foreach (var entry in parse.GetValue(localImage) ?? [])
    {
        var parts = entry.Split('=', 2);
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Trim().Length == 0)
        {
            await Console.Error.WriteLineAsync($"--local-image expects NAME=COMMAND, got \"{entry}\"");
            return 2;
        }

        images[parts[0]] = parts[1];
    }

    var options = new SandboxOptions
    {
        OperatorExecutable = parse.GetValue(operatorExecutable),
        LocalImages = images,
        Port = parse.GetValue(port),
        Faults = new FaultSettings
        {
            ErrorRates = rates,
            ErrorCode = parse.GetValue(errorCode),
            ThrottleRate = parse.GetValue(throttleRate),
            RetryAfterSeconds = parse.GetValue(retryAfter),
            Latency = TimeSpan.FromMilliseconds(parse.GetValue(latency)),
            DropWatchesEvery = TimeSpan.FromSeconds(parse.GetValue(dropWatches)),
            ExpireResourceVersionsEvery = TimeSpan.FromSeconds(parse.GetValue(expire)),
        },
    };

    await using var server = await SandboxServer.StartAsync(options, cancellationToken);
    var path = parse.GetValue(kubeconfig)!.FullName;
    server.WriteKubeconfig(path);
    await Console.Out.WriteLineAsync($"sandbox serving at {server.BaseAddress} (kubeconfig {path}, context sandbox)");
    try
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
    {
        // SIGINT or SIGTERM: stop serving.
    }

    return 0;
});

return await root.Parse(args).InvokeAsync();
