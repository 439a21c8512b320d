using System.Text.RegularExpressions;

namespace StudyOperator.Probe;

/// <summary>Turns command-line values into a <see cref="ProbeOptions"/>, or one clear error line.</summary>
internal static partial class ProbeOptionsParser
{
    // A Service name is an RFC 1035 label (Kubernetes validation: IsDNS1035Label).
    [GeneratedRegex("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex ServiceName();

    public static bool TryCreate(ProbeArguments args, Func<string, string?> environment, out ProbeOptions? options, out string? error)
    {
        options = null;
        error = Check(args, environment, out var target);
        if (error is not null)
            return false;

        var rateMode = args.Duration is not null || args.Rate is not null;
        options = new ProbeOptions
        {
            Target = target!,
            Mode = rateMode ? ProbeMode.Rate : ProbeMode.Count,
            Requests = rateMode ? 0 : args.Requests ?? ProbeOptions.DefaultRequests,
            Concurrency = args.Concurrency ?? (rateMode ? ProbeLimits.MaxConcurrency : 1),
            Duration = args.Duration ?? TimeSpan.Zero,
            Rate = rateMode ? args.Rate ?? ProbeOptions.DefaultRate : 0,
            KeepAlive = args.KeepAlive,
            Timeout = args.Timeout ?? ProbeOptions.DefaultTimeout,
            CountersPort = args.CountersPort,
        };
        return true;
    }

    private static string? Check(ProbeArguments args, Func<string, string?> environment, out Uri? target)
    {
        target = null;
        if (args.Url is not null && args.Service is not null)
            return "give either --url or --service, not both";
        if (args.Url is null && args.Service is null)
            return "a target is required: --url URL or --service NAME [--port P]";
        if (args.Url is not null && args.Port is not null)
            return "--port goes with --service; put the port into --url";
        if (args.Port is { } port && (port < 1 || port > 65535))
            return $"--port must be between 1 and 65535, got {port}";

        if (args.Url is not null)
        {
            if (args.Url.Length > ProbeLimits.MaxUrlLength)
                return $"--url is longer than {ProbeLimits.MaxUrlLength} characters";
            if (!Uri.TryCreate(args.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                return $"--url must be an absolute http:// or https:// URL, got '{args.Url}'";
            target = url;
        }
        else
        {
            if (!ServiceName().IsMatch(args.Service!))
                return $"--service must be a Service name (lower-case letters, digits and '-', at most 63), got '{args.Service}'";
            target = ProbeTarget.Resolve(args.Service!, args.Port, environment);
        }

        var rateMode = args.Duration is not null || args.Rate is not null;
        if (rateMode && args.Requests is not null)
            return "--requests (fixed count) cannot be combined with --duration/--rate (rate mode)";
        if (rateMode && args.Duration is null)
            return "--rate needs --duration";
        if (args.Requests is { } requests && (requests < 1 || requests > ProbeLimits.MaxRequests))
            return $"--requests must be between 1 and {ProbeLimits.MaxRequests}, got {requests}";
        if (args.Concurrency is { } concurrency && (concurrency < 1 || concurrency > ProbeLimits.MaxConcurrency))
            return $"--concurrency must be between 1 and {ProbeLimits.MaxConcurrency}, got {concurrency}";
        if (args.Rate is { } rate && (rate < 1 || rate > ProbeLimits.MaxRate))
            return $"--rate must be between 1 and {ProbeLimits.MaxRate} requests per second, got {rate}";
        if (args.Duration is { } duration && (duration <= TimeSpan.Zero || duration > ProbeLimits.MaxDuration))
            return $"--duration must be more than 0 and at most {(int)ProbeLimits.MaxDuration.TotalMinutes}m";
        if (args.Duration is { } d && (args.Rate ?? ProbeOptions.DefaultRate) * d.TotalSeconds > ProbeLimits.MaxRequests)
            return $"--rate times --duration must stay at or below {ProbeLimits.MaxRequests} requests";
        if (args.CountersPort is not null && !rateMode)
            return "--counters-port goes with rate mode (--duration/--rate)";
        if (args.CountersPort is { } countersPort && (countersPort < 0 || countersPort > 65535))
            return $"--counters-port must be between 0 and 65535, got {countersPort}";
        if (args.Timeout is { } timeout && (timeout <= TimeSpan.Zero || timeout > ProbeLimits.MaxTimeout))
            return $"--timeout must be more than 0 and at most {(int)ProbeLimits.MaxTimeout.TotalSeconds}s";
        return null;
    }
}
