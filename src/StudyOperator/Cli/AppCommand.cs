using System.CommandLine;
using StudyOperator.App;

namespace StudyOperator.Cli;

/// <summary>`study-operator app`: the demo workload every lab runs.</summary>
internal static class AppCommand
{
    public static Command Create(Func<string, string?> environment)
    {
        var port = new Option<int>("--port")
        {
            Description = "TCP port to listen on (on POD_IP when set, else on all interfaces); 0 picks a free port.",
            DefaultValueFactory = _ => AppOptions.DefaultPort,
        };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 65535)
                result.AddError("--port must be between 0 and 65535");
        });
        var version = new Option<string?>("--version")
        {
            Description = "Version reported by GET / (used by update and rollback labs). Default: $APP_VERSION, else v1.",
            HelpName = "version",
        };
        var drainDelay = DurationOption.Create(
            "--drain-delay",
            $"After SIGTERM: readiness fails at once, but requests are still served this long so endpoints can update; then exit 0. Default {Durations.Format(AppOptions.DefaultDrainDelay)}, at most {Durations.Format(AppOptions.MaxDrainDelay)}.");
        var startupDelay = DurationOption.Create(
            "--startup-delay",
            $"Simulated start-up work: /readyz fails until it is done. Default 0, at most {Durations.Format(AppOptions.MaxStartupDelay)}.");

        var command = new Command(
            "app",
            "Run the demo workload: GET / answers with pod, version, namespace, startedAt and served; /healthz, /readyz; " +
            "fault switches at GET/POST /fault (modes unready, failing, slow, liveness, crash, reset); graceful drain on SIGTERM. " +
            "Reads POD_NAME, POD_NAMESPACE, POD_IP and APP_VERSION from the environment (downward API).")
        {
            port,
            version,
            drainDelay,
            startupDelay,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            AppOptions fromEnvironment;
            try
            {
                fromEnvironment = AppOptions.FromEnvironment(environment);
            }
            catch (FormatException e)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {e.Message}");
                return 1;
            }

            var drain = parse.GetValue(drainDelay) ?? AppOptions.DefaultDrainDelay;
            var startup = parse.GetValue(startupDelay) ?? TimeSpan.Zero;
            if (drain > AppOptions.MaxDrainDelay)
                return await FailAsync(parse, $"--drain-delay must be at most {Durations.Format(AppOptions.MaxDrainDelay)}");
            if (startup > AppOptions.MaxStartupDelay)
                return await FailAsync(parse, $"--startup-delay must be at most {Durations.Format(AppOptions.MaxStartupDelay)}");

            var options = fromEnvironment with
            {
                Port = parse.GetValue(port),
                Version = parse.GetValue(version) ?? fromEnvironment.Version,
                DrainDelay = drain,
                StartupDelay = startup,
            };
            return await AppHost.RunAsync(options, cancellationToken);
        });
        return command;
    }

    private static async Task<int> FailAsync(ParseResult parse, string message)
    {
        await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {message}");
        return 1;
    }
}
