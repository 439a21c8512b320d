using System.Globalization;
using StudyOperator.App;
using StudyOperator.Cli;
using StudyOperator.Probe;
using StudyOperator.Tests.Support;

namespace StudyOperator.Tests.Probe;

public sealed class ProbeCommandTests
{
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var exitCode = await StudyOperatorCommand.InvokeAsync(args, _ => null, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData(new[] { "--help" }, new[] { "app", "probe" })]
    [InlineData(new[] { "app", "--help" }, new[] { "--port", "--version", "--drain-delay", "--startup-delay" })]
    [InlineData(new[] { "probe", "--help" }, new[] { "--url", "--service", "--port", "--requests", "--concurrency", "--duration", "--rate", "--keep-alive", "--timeout", "--counters-port", "--result-file" })]
    public async Task Help_describes_every_option(string[] args, string[] expected)
    {
        var (exitCode, output, _) = await RunAsync(args);

        Assert.Equal(0, exitCode);
        var lines = output.Split('\n');
        foreach (var name in expected)
        {
            var line = Assert.Single(lines, l => l.TrimStart().StartsWith(name + " ", StringComparison.Ordinal));
            Assert.True(line.Trim().Length > name.Length + 25, $"'{name}' has no real description: {line}");
        }
    }

    [Theory]
    [InlineData("--requests 0", "--requests must be between 1 and 20000")]
    [InlineData("--requests many", "--requests takes a whole number")]
    [InlineData("--duration 30 --rate 5", "--duration takes a duration")]
    [InlineData("--duration 1h --rate 5", "--duration must be")]
    [InlineData("--requests 10 --duration 10s", "cannot be combined")]
    [InlineData("--concurrency 1000", "--concurrency must be between 1 and 64")]
    public async Task Bad_input_fails_with_one_error_line(string extra, string expected)
    {
        var (exitCode, output, error) = await RunAsync(["probe", "--url", "http://127.0.0.1:9/", .. extra.Split(' ')]);

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task In_the_sandbox_the_result_goes_to_the_path_its_kubelet_gives()
    {
        await using var app = await InProcessApp.StartAsync(new AppOptions { PodName = "sandbox-pod", DrainDelay = TimeSpan.Zero });
        var path = Path.Combine(Path.GetTempPath(), $"termination-{Guid.NewGuid():N}.log");
        try
        {
            using var output = new StringWriter(CultureInfo.InvariantCulture);
            using var error = new StringWriter(CultureInfo.InvariantCulture);
            var exitCode = await StudyOperatorCommand.InvokeAsync(
                ["probe", "--url", app.BaseUri.ToString(), "--requests", "5"],
                name => name == "SANDBOX_TERMINATION_MESSAGE_PATH" ? path : null,
                output,
                error);

            Assert.True(exitCode == 0, error.ToString());
            var written = await File.ReadAllTextAsync(path);
            Assert.Equal(output.ToString().Trim(), written);
            var result = ProbeResultJson.Parse(written);
            Assert.Equal(5, result.Ok);
            Assert.Equal(5, result.Pods["sandbox-pod"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_probe_without_target_fails_with_one_error_line()
    {
        var (exitCode, _, error) = await RunAsync("probe");

        Assert.Equal(1, exitCode);
        Assert.Equal("error: a target is required: --url URL or --service NAME [--port P]", error.Trim());
    }

    [Fact]
    public async Task The_app_refuses_a_drain_delay_over_the_cap()
    {
        var (exitCode, _, error) = await RunAsync("app", "--drain-delay", "6m");

        Assert.Equal(1, exitCode);
        Assert.Contains("--drain-delay must be at most 5m", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("0", 0)]
    public void Durations_are_written_like_kubectl_writes_them(string text, int milliseconds)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("-5s")]
    [InlineData("1.5s")]
    [InlineData("5 s")]
    [InlineData("s")]
    public void Durations_without_a_unit_or_with_fractions_are_refused(string text) =>
        Assert.False(Durations.TryParse(text, out _));
}
