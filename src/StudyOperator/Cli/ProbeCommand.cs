using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using StudyOperator.Probe;

namespace StudyOperator.Cli;

/// <summary>`study-operator probe`: bounded traffic through a Service, result as JSON in the termination message.</summary>
internal static class ProbeCommand
{
    public static Command Create(Func<string, string?> environment)
    {
        var url = new Option<string?>("--url") { Description = "Target URL (http or https). Alternative to --service.", HelpName = "url" };
        var service = new Option<string?>("--service")
        {
            Description = "Target Service, found like a pod finds it: {NAME}_SERVICE_HOST/_PORT variables (upper-case, dashes to underscores), else DNS NAME.$POD_NAMESPACE.svc.",
            HelpName = "name",
        };
        var port = IntOption.Create("--port", $"Service port with --service. Default: {{NAME}}_SERVICE_PORT, else {ProbeTarget.DefaultServicePort}.", "port");
        var requests = IntOption.Create("--requests", $"Count mode: number of requests (default {ProbeOptions.DefaultRequests}, at most {ProbeLimits.MaxRequests}).", "n");
        var concurrency = IntOption.Create("--concurrency", $"Count mode: parallel workers (default 1). Rate mode: most requests in flight (default {ProbeLimits.MaxConcurrency}). At most {ProbeLimits.MaxConcurrency}.", "c");
        var duration = DurationOption.Create(
            "--duration",
            $"Rate mode: how long to send, e.g. 30s (at most {Durations.Format(ProbeLimits.MaxDuration)}; rate x duration at most {ProbeLimits.MaxRequests} requests).");
        var rate = IntOption.Create("--rate", $"Rate mode: requests started per second (default {ProbeOptions.DefaultRate}, at most {ProbeLimits.MaxRate}). Needs --duration.", "per-second");
        var keepAlive = new Option<bool>("--keep-alive")
        {
            Description = "Reuse connections (one per worker) instead of a new TCP connection per request; shows that kube-proxy balances connections, not requests.",
        };
        var timeout = DurationOption.Create(
            "--timeout",
            $"Per-request timeout, connect included (default {Durations.Format(ProbeOptions.DefaultTimeout)}, at most {Durations.Format(ProbeLimits.MaxTimeout)}).");
        var countersPort = IntOption.Create(
            "--counters-port",
            "Traffic mode (with --duration/--rate): serve GET /counters (cumulative requests and failures, as JSON) and POST /stop (end the run, result written as usual) on this port of $POD_IP (all interfaces when unset); 0 lets the OS choose.",
            "port");
        var resultFile = new Option<string?>("--result-file")
        {
            Description = $"Where to write the result JSON besides stdout. Default: ${TerminationMessage.SandboxVariable} when set (sandbox pods), else {TerminationMessage.DefaultPath}.",
            HelpName = "path",
        };

        var command = new Command(
            "probe",
            $"Send bounded HTTP traffic to a target and report total, ok, failures by kind, answers per pod, latency percentiles " +
            $"and error windows as JSON (at most {ProbeLimits.MaxResultBytes} bytes) on stdout and in the termination message. " +
            "Exit 0 when the run completed, even with failed requests; 1 with a one-line error on bad input.")
        {
            url, service, port, requests, concurrency, duration, rate, keepAlive, timeout, countersPort, resultFile,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            var arguments = new ProbeArguments
            {
                Url = parse.GetValue(url),
                Service = parse.GetValue(service),
                Port = parse.GetValue(port),
                Requests = parse.GetValue(requests),
                Concurrency = parse.GetValue(concurrency),
                Duration = parse.GetValue(duration),
                Rate = parse.GetValue(rate),
                KeepAlive = parse.GetValue(keepAlive),
                Timeout = parse.GetValue(timeout),
                CountersPort = parse.GetValue(countersPort),
            };
            if (!ProbeOptionsParser.TryCreate(arguments, environment, out var options, out var error))
            {
                await stderr.WriteLineAsync($"error: {error}");
                return 1;
            }

            if (options!.CountersPort is not null && environment("POD_IP") is { Length: > 0 } podIp && !IPAddress.TryParse(podIp, out _))
            {
                await stderr.WriteLineAsync($"error: POD_IP '{podIp}' is not an IP address");
                return 1;
            }

            // SIGTERM/SIGINT end the run early with a result (complete: false) instead of killing it silently.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

            var counters = new ProbeCounters(TimeProvider.System);
            await using var countersServer = options!.CountersPort is { } listenPort
                ? await ProbeCountersServer.StartAsync(PodAddress(environment), listenPort, counters, stop.Cancel, cancellationToken)
                : null;
            if (countersServer is not null)
                await stderr.WriteLineAsync($"counters on {countersServer.Address}");

            var result = await new ProbeRunner(options, TimeProvider.System, counters).RunAsync(stop.Token);
            var (_, json) = ProbeResultJson.Fit(result);
            await parse.InvocationConfiguration.Output.WriteLineAsync(json);

            var explicitFile = parse.GetValue(resultFile);
            var path = TerminationMessage.ResolvePath(explicitFile, environment);
            try
            {
                // Not the (possibly cancelled) run token: the result must be written even after SIGTERM.
                await File.WriteAllTextAsync(path, json, CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"{(path == TerminationMessage.DefaultPath ? "warning" : "error")}: cannot write the result to {path}: {e.Message}");
                // Outside a pod the default path is usually not writable; then stdout carries the result alone.
                if (path != TerminationMessage.DefaultPath)
                    return 1;
            }

            return 0;

            void Stop(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }
        });
        return command;
    }

    /// <summary>The pod IP to bind the counters endpoint to (POD_IP, validated before), or null for every interface.</summary>
    private static IPAddress? PodAddress(Func<string, string?> environment) =>
        environment("POD_IP") is { Length: > 0 } podIp ? IPAddress.Parse(podIp) : null;
}
